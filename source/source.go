// Package source finds the bytes of an article: the copy embedded in the
// binary, a file, standard input, or (see fetch.go) a URL. It is the only
// library package that reads files or the network; it knows nothing of
// formats beyond the media type it reports.
package source

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// DefaultURL is where the article lives on the web.
const DefaultURL = "https://learnxops.com/p/interview-q-a-for-devops-devsecops-cloudops-mlops-aiops"

// embeddedRetrieved is when the embedded copy was taken from DefaultURL.
var embeddedRetrieved = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

//go:embed article.txt
var article []byte

// MaxBody bounds what is read from a file, stdin or the network.
const MaxBody = 64 << 20

// Document is an article's raw bytes and where they came from.
type Document struct {
	Body      []byte
	Name      string    // file path, URL, "-" for stdin, or "embedded"
	URL       string    // the article's web address when known
	MediaType string    // "text/html", "text/markdown", "text/plain" when known
	FetchedAt time.Time // when the bytes were read from their origin
	Origin    string    // human description: "embedded copy", "file x.txt", ...
	// Snapshot is the stored revision the body came from (see snapshot.go);
	// nil for anything else. Its ID map must be applied to the extracted
	// deck so exports keep the IDs carried over from earlier revisions.
	Snapshot *Snapshot
	// Fallback is set when the current snapshot is damaged and this is
	// the snapshot (or embedded copy) used instead; print its Warning.
	Fallback *Fallback
}

// Embedded returns the copy of the article built into the binary.
func Embedded() *Document {
	return &Document{
		Body:      article,
		Name:      "embedded",
		URL:       DefaultURL,
		MediaType: "text/plain",
		FetchedAt: embeddedRetrieved,
		Origin:    "embedded copy of " + DefaultURL,
	}
}

// Loader opens article references. The zero value reads files, URLs and
// the embedded copy; set Stdin for "-" and DataDir for refreshed snapshots.
type Loader struct {
	Stdin io.Reader
	// Now stamps documents read from stdin or the network; nil means time.Now.
	Now func() time.Time
	// Client sends HTTP requests; nil means a default client. Its Timeout
	// and CheckRedirect are replaced by the loader's own policy.
	Client *http.Client
	// Timeout bounds a whole fetch, body included; 0 means DefaultTimeout.
	Timeout time.Duration
	// UserAgent is sent with every request; "" means UserAgent("").
	UserAgent string
	// DataDir holds refreshed snapshots (see Store); when set, the ref ""
	// means the current snapshot if there is one.
	DataDir string
	// AllowFallback makes a damaged current snapshot no obstacle: Open("")
	// then returns Store.InUse, the newest whole snapshot before it or the
	// embedded copy, with Document.Fallback set for the caller to print.
	// Without it, a damaged current snapshot is an error (for callers that
	// could not tell the user that older data is in use).
	AllowFallback bool

	maxBody  int64 // the cap on a file or stdin; 0 means MaxBody (tests set less)
	maxFetch int64 // the cap on a fetched body; 0 means MaxFetchBody (tests set less)
}

func (l *Loader) limit() int64 {
	if l.maxBody > 0 {
		return l.maxBody
	}
	return MaxBody
}

func (l *Loader) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Open returns the document ref names: "" the current snapshot in DataDir,
// else the embedded copy; "-" standard input; an http(s) URL the page
// fetched now; anything else a file path.
func (l *Loader) Open(ctx context.Context, ref string) (*Document, error) {
	switch {
	case ref == "":
		if l.DataDir == "" {
			return Embedded(), nil
		}
		if l.AllowFallback {
			return (&Store{Dir: l.DataDir}).InUse(), nil
		}
		snap, err := (&Store{Dir: l.DataDir}).Current()
		if err != nil {
			return nil, err
		}
		if snap == nil {
			return Embedded(), nil
		}
		return snap.Document()
	case IsURL(ref):
		f, err := l.Fetch(ctx, ref, Validators{})
		if err != nil {
			return nil, err
		}
		return f.Doc, nil
	case ref == "-":
		if l.Stdin == nil {
			return nil, errors.New("reading standard input: no input")
		}
		body, err := readLimited(l.Stdin, l.limit())
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		return &Document{Body: body, Name: "-", FetchedAt: l.now().UTC(), Origin: "standard input"}, nil
	}
	if scheme, ok := otherScheme(ref); ok {
		return nil, fmt.Errorf("reading %s: %s URLs are not supported (use http or https, or a file path)", ref, scheme)
	}
	return openFile(ref, l.limit())
}

func openFile(path string, max int64) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, unwrapPathError(err))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("reading %s: is a directory", path)
	}
	body, err := readLimited(f, max)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, unwrapPathError(err))
	}
	return &Document{Body: body, Name: path, FetchedAt: st.ModTime().UTC(), Origin: "file " + path}, nil
}

// unwrapPathError drops the *PathError wrapper, whose text repeats the path.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ErrTooLarge is returned for a body over MaxBody.
var ErrTooLarge = fmt.Errorf("larger than %d MiB", MaxBody>>20)

// readLimited reads r to the end, or fails with ErrTooLarge as soon as it
// has read more than max bytes: an endless pipe is never read to the end.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > max {
		return nil, ErrTooLarge
	}
	return body, nil
}
