package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limits of a fetch. The article is about 40 KB of text (250 KB as HTML);
// anything far beyond these is not the article, and a refresh must never
// hang a script or fill a disk.
const (
	DefaultTimeout = 20 * time.Second // the whole fetch, body included
	MaxFetchBody   = 10 << 20         // bytes
	MaxRedirects   = 5
)

// ProjectURL is named in the User-Agent so site owners can find us.
const ProjectURL = "https://github.com/xopsexport/xopsexport"

// UserAgent is the User-Agent header for a build of the given version.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "xopsexport/" + version + " (+" + ProjectURL + ")"
}

// Validators are a stored copy's HTTP cache validators; sent back, they let
// the server answer 304 Not Modified instead of the whole page.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

func (v Validators) empty() bool { return v.ETag == "" && v.LastModified == "" }

// Fetched is the outcome of a fetch that reached the server and got an
// acceptable answer.
type Fetched struct {
	// Doc is the page; nil when NotModified.
	Doc *Document
	// NotModified is true when the server answered 304 to the validators
	// that were sent: the stored copy is still current.
	NotModified bool
	// Validators are the response's, to send on the next fetch.
	Validators Validators
	// FinalURL is where the page was found after redirects.
	FinalURL string
}

// FetchError is a failed fetch: the URL and the reason, printed on one line
// as "fetching URL: reason".
type FetchError struct {
	URL string
	Err error
}

func (e *FetchError) Error() string { return "fetching " + e.URL + ": " + e.Err.Error() }
func (e *FetchError) Unwrap() error { return e.Err }

// HTTPError is an answer with a status other than 200 (or 304 to a
// conditional request).
type HTTPError struct {
	StatusCode int
	Status     string // "404 Not Found"
	RetryAfter string // the Retry-After header of a 429 or 503, if any
}

func (e *HTTPError) Error() string {
	msg := "HTTP " + e.Status
	if e.RetryAfter != "" {
		msg += " (retry after " + e.RetryAfter + ")"
	}
	return msg
}

// The reasons a fetch fails that callers may want to tell apart.
var (
	ErrTimeout          = errors.New("timed out")
	ErrBodyTooLarge     = fmt.Errorf("body larger than %d MiB", MaxFetchBody>>20)
	ErrTooManyRedirects = fmt.Errorf("stopped after %d redirects", MaxRedirects)
	ErrNotText          = errors.New("not an article")
)

// timeoutError carries the duration into the message ("timed out after
// 20s") while matching ErrTimeout.
type timeoutError struct{ d time.Duration }

func (e timeoutError) Error() string        { return fmt.Sprintf("timed out after %s", e.d) }
func (e timeoutError) Is(target error) bool { return target == ErrTimeout }

// IsURL reports whether ref names a web page rather than a file.
func IsURL(ref string) bool {
	l := strings.ToLower(ref)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// otherScheme reports a ref that looks like a URL of a scheme we do not
// fetch ("ftp://…", "file://…"), so it is refused rather than read as a
// file name that does not exist.
func otherScheme(ref string) (string, bool) {
	scheme, _, ok := strings.Cut(ref, "://")
	if !ok || len(scheme) < 2 {
		return "", false // "C://x" on Windows is a drive, not a scheme
	}
	for i, r := range scheme {
		alpha := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !alpha && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return "", false
		}
	}
	return scheme, true
}

func (l *Loader) timeout() time.Duration {
	if l.Timeout > 0 {
		return l.Timeout
	}
	return DefaultTimeout
}

// client returns a copy of l.Client (or a default one) with our redirect
// policy. The timeout is applied through the request's context instead of
// Client.Timeout so that it can be told apart from the caller cancelling.
func (l *Loader) client() *http.Client {
	var c http.Client
	if l.Client != nil {
		c = *l.Client
	}
	c.Timeout = 0
	c.CheckRedirect = checkRedirect
	return &c
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirected to %s, which is not an http(s) URL", req.URL.Redacted())
	}
	// via holds the requests already sent: the first one plus one per
	// redirect followed so far.
	if len(via) > MaxRedirects {
		return ErrTooManyRedirects
	}
	return nil
}

// Fetch gets the page at rawURL. With validators from a stored copy it
// makes a conditional request, and a 304 answer comes back as NotModified.
// Every failure is a *FetchError naming the URL and the reason; a cancelled
// ctx gives an error that wraps context.Canceled.
func (l *Loader) Fetch(ctx context.Context, rawURL string, v Validators) (*Fetched, error) {
	fail := func(err error) (*Fetched, error) { return nil, &FetchError{URL: rawURL, Err: err} }
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fail(fmt.Errorf("not a valid URL: %w", err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fail(errors.New("only http and https URLs can be fetched"))
	}
	if u.Host == "" {
		return fail(errors.New("the URL has no host"))
	}

	d := l.timeout()
	ctx, cancel := context.WithTimeoutCause(ctx, d, timeoutError{d})
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(err)
	}
	ua := l.UserAgent
	if ua == "" {
		ua = UserAgent("")
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, text/markdown;q=0.8, text/plain;q=0.7")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}

	resp, err := l.client().Do(req)
	if err != nil {
		return fail(reason(ctx, err))
	}
	defer resp.Body.Close()

	got := &Fetched{
		Validators: Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
		FinalURL:   resp.Request.URL.String(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && !v.empty():
		got.NotModified = true
		if got.Validators.empty() {
			got.Validators = v
		}
		return got, nil
	case resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNonAuthoritativeInfo:
		he := &HTTPError{StatusCode: resp.StatusCode, Status: resp.Status}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			he.RetryAfter = retryAfter(resp.Header.Get("Retry-After"))
		}
		if he.Status == "" {
			he.Status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		}
		return fail(he)
	}

	// Refuse by header before reading: no point downloading a PDF.
	declared, err := declaredType(resp.Header.Get("Content-Type"))
	if err != nil {
		return fail(err)
	}
	limit := int64(MaxFetchBody)
	if l.maxFetch > 0 {
		limit = l.maxFetch
	}
	if resp.ContentLength > limit {
		return fail(ErrBodyTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fail(fmt.Errorf("body truncated after %d bytes (the connection closed early)", len(body)))
		}
		return fail(reason(ctx, err))
	}
	if int64(len(body)) > limit {
		return fail(ErrBodyTooLarge)
	}
	mt, err := mediaType(declared, body)
	if err != nil {
		return fail(err)
	}
	got.Doc = &Document{
		Body:      body,
		Name:      rawURL,
		URL:       rawURL,
		MediaType: mt,
		FetchedAt: l.now().UTC().Truncate(time.Second), // dates in exports have seconds at most
		Origin:    rawURL,
	}
	return got, nil
}

// reason turns a transport error into the short cause users need: our
// timeout, the caller's cancellation, or the innermost message (the
// *url.Error wrapper would repeat the method and URL).
func reason(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		var te timeoutError
		if errors.As(cause, &te) {
			return te
		}
		if errors.Is(cause, context.Canceled) {
			return context.Canceled
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func retryAfter(h string) string {
	h = strings.TrimSpace(h)
	if h == "" {
		return ""
	}
	if strings.Trim(h, "0123456789") == "" {
		return h + "s"
	}
	return h
}

// declaredType checks the Content-Type header: "" means "not said, sniff
// the body"; any type that cannot hold the article is refused.
func declaredType(header string) (string, error) {
	if strings.TrimSpace(header) == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		// A malformed header says nothing reliable; the body decides.
		return "", nil
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return "text/html", nil
	case "text/markdown", "text/x-markdown":
		return "text/markdown", nil
	case "text/plain":
		return "text/plain", nil
	case "application/octet-stream", "binary/octet-stream":
		return "", nil
	}
	return "", fmt.Errorf("%w: content type %s (want HTML, Markdown or plain text)", ErrNotText, mt)
}

// mediaType settles the type: the declared one, else the body's. A body
// sniffed as plain text is left "" so the readers can tell Markdown from
// text by its content.
func mediaType(declared string, body []byte) (string, error) {
	if declared != "" {
		return declared, nil
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(body))
	switch sniffed {
	case "text/html", "text/xml":
		return "text/html", nil
	case "text/plain":
		return "", nil
	}
	return "", fmt.Errorf("%w: the content looks like %s (want HTML, Markdown or plain text)", ErrNotText, sniffed)
}
