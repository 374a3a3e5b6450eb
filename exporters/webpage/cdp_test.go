package webpage

// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (JSON messages ending in NUL on file descriptors 3 and 4), so the browser
// tests need Debian's chromium and nothing else: no Node, no npm, no module.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// findChromium returns a Chromium binary: $CHROMIUM, else the usual names.
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

type cdpMsg struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// browser is one headless Chromium with one page (tab) attached.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	w       *os.File
	session string

	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpMsg
	waiters map[string][]chan json.RawMessage // event method → one-shot waiters
	// What the page did, recorded from events.
	requests []string // URLs requested
	problems []string // console errors, exceptions, error log entries
	done     chan struct{}
}

// startBrowser launches Chromium and opens a blank page. It skips the test
// when no Chromium is installed.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	exe := findChromium()
	if exe == "" {
		t.Skip("no Chromium found (apt-get install chromium, or set CHROMIUM=path): browser tests skipped")
	}
	inR, inW, err := os.Pipe() // we write, Chromium reads (its fd 3)
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe() // Chromium writes (its fd 4), we read
	if err != nil {
		t.Fatal(err)
	}
	profile := t.TempDir()
	cmd := exec.Command(exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
		"--user-data-dir="+profile, "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-sync", "--disable-component-update",
		"--disable-default-apps", "--mute-audio", "--hide-scrollbars", "about:blank")
	cmd.ExtraFiles = []*os.File{inR, outW}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	inR.Close()
	outW.Close()
	b := &browser{t: t, cmd: cmd, w: inW, pending: map[int]chan cdpMsg{}, waiters: map[string][]chan json.RawMessage{}, done: make(chan struct{})}
	go b.read(outR)
	t.Cleanup(func() {
		b.w.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("chromium stderr (last 2 KB): %s", tail(stderr.String(), 2048))
		}
	})
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	b.session = att.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Network.enable", "Log.enable"} {
		b.do(m, nil, nil)
	}
	return b
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (b *browser) read(r *os.File) {
	defer close(b.done)
	br := bufio.NewReader(r)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMsg
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch := b.pending[m.ID]; ch != nil {
				delete(b.pending, m.ID)
				ch <- m
			}
			b.mu.Unlock()
			continue
		}
		b.event(m)
		for _, ch := range b.waiters[m.Method] {
			ch <- m.Params
		}
		delete(b.waiters, m.Method)
		b.mu.Unlock()
	}
}

// event records what the tests assert on. Called with b.mu held.
func (b *browser) event(m cdpMsg) {
	switch m.Method {
	case "Network.requestWillBeSent":
		var p struct{ Request struct{ URL string } }
		_ = json.Unmarshal(m.Params, &p)
		b.requests = append(b.requests, p.Request.URL)
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string
			Args []struct {
				Value       any
				Description string
			}
		}
		_ = json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "assert" {
			var parts []string
			for _, a := range p.Args {
				parts = append(parts, fmt.Sprint(a.Value, a.Description))
			}
			b.problems = append(b.problems, "console."+p.Type+": "+strings.Join(parts, " "))
		}
	case "Runtime.exceptionThrown":
		var p struct {
			ExceptionDetails struct {
				Text      string
				Exception struct{ Description string }
			}
		}
		_ = json.Unmarshal(m.Params, &p)
		b.problems = append(b.problems, "exception: "+p.ExceptionDetails.Text+" "+p.ExceptionDetails.Exception.Description)
	case "Page.javascriptDialogOpening":
		var p struct{ Type, Message string }
		_ = json.Unmarshal(m.Params, &p)
		b.problems = append(b.problems, "dialog ("+p.Type+"): "+p.Message)
		go func() { _ = b.try(b.session, "Page.handleJavaScriptDialog", map[string]any{"accept": false}, nil) }()
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Level, Source, Text, URL string }
		}
		_ = json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "error" {
			b.problems = append(b.problems, "log ("+p.Entry.Source+"): "+p.Entry.Text+" "+p.Entry.URL)
		}
	}
}

// call sends one command (to the browser when session is "") and decodes
// its result into out.
func (b *browser) call(session, method string, params any, out any) {
	b.t.Helper()
	if err := b.try(session, method, params, out); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) try(session, method string, params any, out any) error {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMsg, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	if params == nil {
		p = []byte("{}")
	}
	msg, _ := json.Marshal(cdpMsg{ID: id, Method: method, Params: p, SessionID: session})
	if _, err := b.w.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("%s: writing to chromium: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: chromium exited", method)
	case <-time.After(30 * time.Second):
		return fmt.Errorf("%s: no answer from chromium in 30 s", method)
	}
}

// do sends a command to the page.
func (b *browser) do(method string, params any, out any) {
	b.t.Helper()
	b.call(b.session, method, params, out)
}

// expect returns a channel that receives the next event of method.
func (b *browser) expect(method string) chan json.RawMessage {
	ch := make(chan json.RawMessage, 1)
	b.mu.Lock()
	b.waiters[method] = append(b.waiters[method], ch)
	b.mu.Unlock()
	return ch
}

// open navigates to path as a file:// URL and waits for the load event.
func (b *browser) open(path string) {
	b.t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		b.t.Fatal(err)
	}
	loaded := b.expect("Page.loadEventFired")
	b.do("Page.navigate", map[string]any{"url": "file://" + abs}, nil)
	select {
	case <-loaded:
	case <-time.After(30 * time.Second):
		b.t.Fatalf("%s did not load in 30 s", path)
	}
}

// reload reloads the page and waits for the load event.
func (b *browser) reload() {
	b.t.Helper()
	loaded := b.expect("Page.loadEventFired")
	b.do("Page.reload", map[string]any{}, nil)
	select {
	case <-loaded:
	case <-time.After(30 * time.Second):
		b.t.Fatal("the page did not reload in 30 s")
	}
}

// eval runs a JavaScript expression in the page (promises awaited) and
// decodes its value into out (if not nil).
func (b *browser) eval(expr string, out any) {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	b.do("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if r.ExceptionDetails != nil {
		b.t.Fatalf("evaluating %s: %s %s", clipExpr(expr), r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	if out != nil {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			b.t.Fatalf("evaluating %s: result %s: %v", clipExpr(expr), r.Result.Value, err)
		}
	}
}

func clipExpr(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// evalString and evalInt are eval for one value.
func (b *browser) evalString(expr string) string {
	b.t.Helper()
	var s string
	b.eval(expr, &s)
	return s
}

func (b *browser) evalInt(expr string) int {
	b.t.Helper()
	var n int
	b.eval(expr, &n)
	return n
}

// key presses one key as a keyboard would (key down, character, key up).
func (b *browser) key(key, code string, vk int) {
	b.t.Helper()
	text := ""
	if len([]rune(key)) == 1 {
		text = key
	} else if key == "Enter" {
		text = "\r"
	}
	b.do("Input.dispatchKeyEvent", map[string]any{"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk, "text": text}, nil)
	b.do("Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk}, nil)
}

// viewport sets the window size; phone adds touch and mobile emulation.
func (b *browser) viewport(w, h int, phone bool) {
	b.t.Helper()
	b.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": h, "deviceScaleFactor": 1, "mobile": phone}, nil)
	b.do("Emulation.setTouchEmulationEnabled", map[string]any{"enabled": phone}, nil)
}

// screenshot saves the viewport as a PNG.
func (b *browser) screenshot(path string) {
	b.t.Helper()
	var r struct{ Data string }
	b.do("Page.captureScreenshot", map[string]any{"format": "png"}, &r)
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// settle waits until the page has handled what was sent to it: one
// animation frame after the pending tasks.
func (b *browser) settle() {
	b.t.Helper()
	b.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))`, nil)
}

// activity returns what the page requested and the problems it reported.
func (b *browser) activity() (requests, problems []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...), append([]string(nil), b.problems...)
}

// waitFile waits for a file to appear (a download), up to ctx.
func waitFile(ctx context.Context, dir string) (string, error) {
	for {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".crdownload") && !e.IsDir() {
				return filepath.Join(dir, e.Name()), nil
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no file in %s: %w", dir, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
