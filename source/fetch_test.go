package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const page = `<!doctype html><html><head><title>Q&amp;A</title></head><body><h2>DevOps</h2><p>Q1: What is CI?</p><p>A: Merging often.</p></body></html>`

// loaderFor returns a Loader that talks to srv with a short timeout.
func loaderFor(srv *httptest.Server, timeout time.Duration) *Loader {
	return &Loader{
		Client:    srv.Client(),
		Timeout:   timeout,
		UserAgent: UserAgent("v9.9.9"),
		Now:       func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) },
	}
}

func TestFetchOK(t *testing.T) {
	tests := []struct {
		name, contentType, body, wantType string
	}{
		{"html", "text/html; charset=utf-8", page, "text/html"},
		{"xhtml", "application/xhtml+xml", page, "text/html"},
		{"markdown", "text/markdown", "## DevOps\n\n**Q1: What is CI?**\n", "text/markdown"},
		{"plain", "text/plain; charset=utf-8", "DevOps\n\nQ1: What is CI?\n\nA: Merging often.\n", "text/plain"},
		{"no type, html body: sniffed", "", page, "text/html"},
		{"octet-stream, text body: left to the readers", "application/octet-stream", "Q1: What is CI?\n", ""},
		{"malformed parameter: the type holds", "text/html; =;", page, "text/html"},
		{"malformed type: sniffed", "text//html", page, "text/html"},
		{"blank type: sniffed", "  ", page, "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotUA, gotAccept string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotUA, gotAccept = r.Header.Get("User-Agent"), r.Header.Get("Accept")
				if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
					t.Error("unconditional fetch sent validators")
				}
				w.Header()["Content-Type"] = []string{tt.contentType} // also when empty: no sniffing by the server
				w.Header().Set("ETag", `"v1"`)
				w.Header().Set("Last-Modified", "Tue, 01 Dec 2026 09:00:00 GMT")
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			f, err := loaderFor(srv, 5*time.Second).Fetch(context.Background(), srv.URL+"/p/qa", Validators{})
			if err != nil {
				t.Fatal(err)
			}
			if f.NotModified || f.Doc == nil {
				t.Fatalf("got %+v", f)
			}
			d := f.Doc
			if string(d.Body) != tt.body || d.MediaType != tt.wantType || d.URL != srv.URL+"/p/qa" || d.Name != d.URL {
				t.Errorf("doc = %q %q %q %q", d.Body, d.MediaType, d.URL, d.Name)
			}
			if !d.FetchedAt.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)) {
				t.Errorf("FetchedAt = %v", d.FetchedAt)
			}
			if f.Validators != (Validators{ETag: `"v1"`, LastModified: "Tue, 01 Dec 2026 09:00:00 GMT"}) {
				t.Errorf("validators = %+v", f.Validators)
			}
			if gotUA != "xopsexport/v9.9.9 (+https://github.com/xopsexport/xopsexport)" {
				t.Errorf("User-Agent = %q", gotUA)
			}
			if !strings.Contains(gotAccept, "text/html") {
				t.Errorf("Accept = %q", gotAccept)
			}
		})
	}
}

func TestFetchConditional(t *testing.T) {
	v := Validators{ETag: `"v1"`, LastModified: "Tue, 01 Dec 2026 09:00:00 GMT"}
	var gotINM, gotIMS string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotINM, gotIMS = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		if gotINM == v.ETag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("ETag", `"v2"`)
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	l := loaderFor(srv, 5*time.Second)

	f, err := l.Fetch(context.Background(), srv.URL, v)
	if err != nil {
		t.Fatal(err)
	}
	if gotINM != v.ETag || gotIMS != v.LastModified {
		t.Errorf("sent If-None-Match %q, If-Modified-Since %q", gotINM, gotIMS)
	}
	if !f.NotModified || f.Doc != nil || f.Validators != v {
		t.Errorf("304: got %+v", f)
	}

	f, err = l.Fetch(context.Background(), srv.URL, Validators{ETag: `"v0"`})
	if err != nil {
		t.Fatal(err)
	}
	if f.NotModified || f.Doc == nil || f.Validators.ETag != `"v2"` {
		t.Errorf("200 after a stale ETag: got %+v", f)
	}
}

// Each failure is one line: "fetching URL: reason".
func TestFetchErrors(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang) // lets the slow handlers return before srv.Close
	mux := http.NewServeMux()
	mux.HandleFunc("/404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) })
	mux.HandleFunc("/503", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(503)
	})
	mux.HandleFunc("/503-blank", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "  ")
		w.WriteHeader(503)
	})
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", " 90 ")
		w.WriteHeader(429)
	})
	mux.HandleFunc("/429-date", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "Wed, 02 Dec 2026 10:00:00 GMT")
		w.WriteHeader(429)
	})
	mux.HandleFunc("/304-unasked", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(304) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>")
		w.(http.Flusher).Flush()
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("Q1: What is CI?\n", 4096))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", fmt.Sprint(MaxFetchBody+1))
		fmt.Fprint(w, "Q1")
	})
	mux.HandleFunc("/truncated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, "Q1: What is CI?")
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
		if n == 0 {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/x", http.StatusFound)
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.7\n")
	})
	mux.HandleFunc("/png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		fmt.Fprint(w, "\x89PNG\r\n\x1a\n")
	})
	mux.HandleFunc("/sniffed-png", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		fmt.Fprint(w, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// Only the slow cases get the short timeout: the others must not
	// depend on how fast a loaded machine moves 10 MiB.
	quick, patient := loaderFor(srv, 300*time.Millisecond), loaderFor(srv, time.Minute)

	tests := []struct {
		path   string
		want   string // the error after "fetching URL: "
		target error  // errors.Is target, if any
	}{
		{"/404", "HTTP 404 Not Found", nil},
		{"/500", "HTTP 500 Internal Server Error", nil},
		{"/503", "HTTP 503 Service Unavailable (retry after 120s)", nil},
		{"/503-blank", "HTTP 503 Service Unavailable", nil},
		{"/429", "HTTP 429 Too Many Requests (retry after 90s)", nil},
		{"/429-date", "HTTP 429 Too Many Requests (retry after Wed, 02 Dec 2026 10:00:00 GMT)", nil},
		{"/304-unasked", "HTTP 304 Not Modified", nil},
		{"/slow", "timed out after 300ms", ErrTimeout},
		{"/slow-body", "timed out after 300ms", ErrTimeout},
		{"/endless", "body larger than 10 MiB", ErrBodyTooLarge},
		{"/huge", "body larger than 10 MiB", ErrBodyTooLarge},
		{"/truncated", "body truncated after 15 bytes (the connection closed early)", nil},
		{"/loop", "stopped after 5 redirects", ErrTooManyRedirects},
		{"/chain/6", "stopped after 5 redirects", ErrTooManyRedirects},
		{"/to-ftp", "redirected to ftp://example.com/x, which is not an http(s) URL", nil},
		{"/pdf", "not an article: content type application/pdf (want HTML, Markdown or plain text)", ErrNotText},
		{"/png", "not an article: content type image/png (want HTML, Markdown or plain text)", ErrNotText},
		{"/sniffed-png", "not an article: the content looks like image/png (want HTML, Markdown or plain text)", ErrNotText},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			u := srv.URL + tt.path
			l := patient
			if errors.Is(tt.target, ErrTimeout) {
				l = quick
			}
			f, err := l.Fetch(context.Background(), u, Validators{})
			if err == nil {
				t.Fatalf("no error; got %+v", f)
			}
			if want := "fetching " + u + ": " + tt.want; err.Error() != want {
				t.Errorf("error:\n got %s\nwant %s", err, want)
			}
			var fe *FetchError
			if !errors.As(err, &fe) || fe.URL != u {
				t.Errorf("not a *FetchError for %s: %#v", u, err)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("error does not match %v", tt.target)
			}
		})
	}

	// Five redirects are followed.
	f, err := patient.Fetch(context.Background(), srv.URL+"/chain/5", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if f.FinalURL != srv.URL+"/chain/0" || f.Doc.MediaType != "text/html" {
		t.Errorf("after 5 redirects: %s, %s", f.FinalURL, f.Doc.MediaType)
	}
}

func TestFetchRefusesOtherSchemes(t *testing.T) {
	var l Loader
	for _, tt := range []struct{ ref, want string }{
		{"ftp://example.com/a.txt", "reading ftp://example.com/a.txt: ftp URLs are not supported (use http or https, or a file path)"},
		{"file:///etc/passwd", "reading file:///etc/passwd: file URLs are not supported (use http or https, or a file path)"},
	} {
		_, err := l.Open(context.Background(), tt.ref)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Open(%q) = %v, want %s", tt.ref, err, tt.want)
		}
	}
	for _, tt := range []struct{ ref, want string }{
		{"ftp://example.com/", "fetching ftp://example.com/: only http and https URLs can be fetched"},
		{"http://", "fetching http://: the URL has no host"},
		{"http://exa mple.com/", `fetching http://exa mple.com/: not a valid URL: invalid character " " in host name`},
	} {
		_, err := l.Fetch(context.Background(), tt.ref, Validators{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Fetch(%q) = %v, want %s", tt.ref, err, tt.want)
		}
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	l := loaderFor(srv, time.Minute)
	errc := make(chan error, 1)
	go func() {
		_, err := l.Fetch(ctx, srv.URL, Validators{})
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fetch: %v, want context.Canceled", err)
	}
}

func TestFetchUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	_, err := (&Loader{Timeout: 5 * time.Second}).Fetch(context.Background(), u, Validators{})
	if err == nil || !strings.HasPrefix(err.Error(), "fetching "+u+": ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("unreachable server: %v", err)
	}
	if strings.Count(err.Error(), u) != 1 {
		t.Errorf("the URL should appear once: %v", err)
	}
}

// Header values arrive trimmed over HTTP; a caller's transport may not
// trim them.
func TestRetryAfter(t *testing.T) {
	for in, want := range map[string]string{"": "", "  ": "", "120": "120s", " 120 ": "120s",
		"Wed, 02 Dec 2026 10:00:00 GMT": "Wed, 02 Dec 2026 10:00:00 GMT", "1.5": "1.5"} {
		if got := retryAfter(in); got != want {
			t.Errorf("retryAfter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	d, err := loaderFor(srv, 5*time.Second).Open(context.Background(), srv.URL+"/a")
	if err != nil {
		t.Fatal(err)
	}
	if string(d.Body) != page || d.MediaType != "text/html" || d.Snapshot != nil {
		t.Errorf("Open(URL) = %+v", d)
	}
	if d, err := loaderFor(srv, 5*time.Second).Open(context.Background(), "http://"); err == nil || d != nil ||
		err.Error() != "fetching http://: the URL has no host" {
		t.Errorf("Open(bad URL) = %v, %v", d, err)
	}
}

// The body cap, at its edge: with and without a Content-Length, exactly the
// limit is read and one byte more is refused (a small limit; the 10 MiB
// one is TestFetchErrors' /huge and /endless).
func TestFetchBodyLimit(t *testing.T) {
	const limit = 1000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Query().Get("n"), "%d", &n)
		w.Header().Set("Content-Type", "text/plain")
		if r.URL.Query().Get("length") != "" {
			w.Header().Set("Content-Length", fmt.Sprint(n))
		} else {
			w.(http.Flusher).Flush() // chunked: no length known ahead
		}
		io.WriteString(w, strings.Repeat("a", n))
	}))
	defer srv.Close()
	l := loaderFor(srv, time.Minute)
	l.maxFetch = limit
	for _, tt := range []struct {
		n      int
		length bool
		tooBig bool
	}{{limit, true, false}, {limit + 1, true, true}, {limit, false, false}, {limit + 1, false, true}} {
		u := fmt.Sprintf("%s/?n=%d", srv.URL, tt.n)
		if tt.length {
			u += "&length=1"
		}
		f, err := l.Fetch(context.Background(), u, Validators{})
		if tt.tooBig {
			if !errors.Is(err, ErrBodyTooLarge) {
				t.Errorf("%d bytes (length %v): %v, want ErrBodyTooLarge", tt.n, tt.length, err)
			}
		} else if err != nil || len(f.Doc.Body) != tt.n {
			t.Errorf("%d bytes (length %v): %v", tt.n, tt.length, err)
		}
	}
}

// A stored copy may have only one validator; a 304 keeps what was sent
// unless the answer brings its own.
func TestFetchConditionalOneValidator(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") != "" {
			if r.URL.Path == "/renamed" {
				w.Header().Set("ETag", `"v1b"`)
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	l := loaderFor(srv, time.Minute)
	for _, tt := range []struct {
		path string
		sent Validators
		want Validators
	}{
		{"/", Validators{ETag: `"v1"`}, Validators{ETag: `"v1"`}},
		{"/", Validators{LastModified: "Tue, 01 Dec 2026 09:00:00 GMT"}, Validators{LastModified: "Tue, 01 Dec 2026 09:00:00 GMT"}},
		{"/renamed", Validators{ETag: `"v1"`}, Validators{ETag: `"v1b"`}},
	} {
		f, err := l.Fetch(context.Background(), srv.URL+tt.path, tt.sent)
		if err != nil {
			t.Fatalf("%+v: %v", tt.sent, err)
		}
		if !f.NotModified || f.Validators != tt.want {
			t.Errorf("%s with %+v: %+v, want not modified with %+v", tt.path, tt.sent, f, tt.want)
		}
	}
}

// countingTransport counts the requests it carries.
type countingTransport struct {
	n    int
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n++
	return c.next.RoundTrip(r)
}

// The caller's client carries the requests (its transport: proxies, TLS
// settings), but its Timeout is the loader's business: a client timeout
// would be reported as a transport error, not as ErrTimeout, and it would
// not cover the body. No User-Agent set means the default, naming the
// project.
func TestFetchUsesCallersClient(t *testing.T) {
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	ct := &countingTransport{next: srv.Client().Transport}
	client := &http.Client{Transport: ct, Timeout: time.Nanosecond}
	l := &Loader{Client: client, Timeout: time.Minute}
	if _, err := l.Fetch(context.Background(), srv.URL, Validators{}); err != nil {
		t.Fatalf("with the client's own 1ns timeout: %v", err)
	}
	if ct.n != 1 {
		t.Errorf("the caller's transport carried %d requests, want 1", ct.n)
	}
	if client.Timeout != time.Nanosecond || client.CheckRedirect != nil {
		t.Error("the caller's client was changed")
	}
	if want := "xopsexport/dev (+https://github.com/xopsexport/xopsexport)"; gotUA != want {
		t.Errorf("default User-Agent %q, want %q", gotUA, want)
	}
}

// stubborn is a transport that knows nothing of context causes, as a
// caller's own transport may not: it answers a cancelled or timed-out
// request with an error of its own, and serves a body that fails.
type stubborn struct{}

func (stubborn) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/no-status" {
		return &http.Response{StatusCode: 404, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	}
	if r.URL.Path == "/broken-body" {
		return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"text/html"}},
			Body: io.NopCloser(iotest.ErrReader(errors.New("connection reset"))), Request: r}, nil
	}
	<-r.Context().Done()
	return nil, errors.New("request aborted")
}

// Whatever the transport says, our timeout is reported as ErrTimeout and
// the caller's cancellation as context.Canceled (the CLI exits 130 on it);
// other errors come through as they are.
func TestFetchReasonWithOwnTransport(t *testing.T) {
	l := &Loader{Client: &http.Client{Transport: stubborn{}}, Timeout: 50 * time.Millisecond}
	_, err := l.Fetch(context.Background(), "http://example.invalid/slow", Validators{})
	if !errors.Is(err, ErrTimeout) || err.Error() != "fetching http://example.invalid/slow: timed out after 50ms" {
		t.Errorf("timeout: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l.Timeout = time.Minute
	if _, err := l.Fetch(ctx, "http://example.invalid/slow", Validators{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// A transport that sets no status text gets the standard one.
	if _, err := l.Fetch(context.Background(), "http://example.invalid/no-status", Validators{}); err == nil ||
		err.Error() != "fetching http://example.invalid/no-status: HTTP 404 Not Found" {
		t.Errorf("no status text: %v", err)
	}
	_, err = l.Fetch(context.Background(), "http://example.invalid/broken-body", Validators{})
	if err == nil || err.Error() != "fetching http://example.invalid/broken-body: connection reset" {
		t.Errorf("broken body: %v", err)
	}
}
