package gradebook

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A headless Chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: JSON messages ended by NUL, written to the
// browser's fd 3 and read from its fd 4). Driving it, rather than asking
// for --dump-dom or --screenshot alone, lets a test see what a viewer
// would: every console message, exception and failed or outgoing request
// of the page, the laid-out DOM, and screenshots of any part of it.

// chromiumFlags are the flags every browser of the tests starts with:
// headless, no sandbox (tests may run as root), and nothing that reaches
// the network by itself.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
	"--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe"}

// findChromium is the browser to run, or "" when none is installed.
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium and the page it shows.
type browser struct {
	cmd     *exec.Cmd
	toIt    io.WriteCloser
	msgs    chan cdpMessage
	stderr  *bytes.Buffer
	next    int
	session string
	events  []cdpMessage // the page's events, in the order they came
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startBrowser starts a headless Chromium with one page open, width ×
// height CSS pixels; it skips the test when Chromium is not installed.
func startBrowser(t testing.TB, width, height int) *browser {
	t.Helper()
	path := findChromium()
	if path == "" {
		t.Skip("chromium is not installed (apt-get install -y chromium, or set CHROMIUM): the html report is not opened in a browser")
	}
	toR, toW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromR, fromW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := append(append([]string(nil), chromiumFlags...), "--user-data-dir="+t.TempDir(), fmt.Sprintf("--window-size=%d,%d", width, height), "about:blank")
	cmd := exec.Command(path, args...)
	cmd.ExtraFiles = []*os.File{toR, fromW} // its fd 3 and fd 4
	b := &browser{cmd: cmd, toIt: toW, msgs: make(chan cdpMessage, 256), stderr: new(bytes.Buffer)}
	cmd.Stderr = b.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	toR.Close()
	fromW.Close()
	go func() {
		defer close(b.msgs)
		r := bufio.NewReader(fromR)
		for {
			raw, err := r.ReadBytes(0)
			if err != nil {
				return
			}
			var m cdpMessage
			if json.Unmarshal(raw[:len(raw)-1], &m) == nil {
				b.msgs <- m
			}
		}
	}()
	t.Cleanup(b.close)
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call("Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatalf("chromium: %v\n%s", err, b.stderr)
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call("Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	b.session = attached.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"} {
		if err := b.call(m, nil, nil); err != nil {
			t.Fatalf("chromium: %v", err)
		}
	}
	if err := b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return b
}

// close ends the browser, kindly and then not.
func (b *browser) close() {
	b.session = ""
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	b.call("Browser.close", nil, nil)
	b.toIt.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		b.cmd.Process.Kill()
		<-done
	}
}

// call sends a command to the page (or to the browser before a page is
// attached) and waits for its result, keeping the events that come first.
func (b *browser) call(method string, params, result any) error {
	b.next++
	id := b.next
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if b.session != "" {
		msg["sessionId"] = b.session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := b.toIt.Write(append(data, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	timeout := time.After(60 * time.Second)
	for {
		select {
		case m, ok := <-b.msgs:
			if !ok {
				return fmt.Errorf("%s: the browser ended", method)
			}
			if m.ID != id {
				if m.Method != "" {
					b.events = append(b.events, m)
				}
				continue
			}
			if m.Error != nil {
				return fmt.Errorf("%s: %s", method, m.Error.Message)
			}
			if result != nil {
				return json.Unmarshal(m.Result, result)
			}
			return nil
		case <-timeout:
			return fmt.Errorf("%s: no answer in 60s", method)
		}
	}
}

// open shows url and waits until it has loaded; it returns the events
// the page gave while loading, and after, up to now.
func (b *browser) open(url string) error {
	b.events = nil
	if err := b.call("Page.navigate", map[string]any{"url": url}, nil); err != nil {
		return err
	}
	timeout := time.After(60 * time.Second)
	for _, m := range b.events {
		if m.Method == "Page.loadEventFired" {
			return nil
		}
	}
	for {
		select {
		case m, ok := <-b.msgs:
			if !ok {
				return errors.New("the browser ended")
			}
			b.events = append(b.events, m)
			if m.Method == "Page.loadEventFired" {
				return nil
			}
		case <-timeout:
			return fmt.Errorf("%s did not load in 60s", url)
		}
	}
}

// eval evaluates a JavaScript expression in the page (the DevTools
// protocol's, which the page's policy does not govern) into v.
func (b *browser) eval(expr string, v any) error {
	var out struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &out); err != nil {
		return err
	}
	if out.ExceptionDetails != nil {
		return fmt.Errorf("evaluate %q: %s", expr, out.ExceptionDetails.Text)
	}
	return json.Unmarshal(out.Result.Value, v)
}

// rect is a part of the page, in CSS pixels from its top left.
type rect struct{ X, Y, Width, Height float64 }

// rectOf is where the first element matching selector lies on the page.
func (b *browser) rectOf(selector string) (rect, error) {
	var r rect
	q, _ := json.Marshal(selector)
	err := b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (!e) return null; const r = e.getBoundingClientRect();
		return {X: r.left + scrollX, Y: r.top + scrollY, Width: r.width, Height: r.height}; })()`, q), &r)
	if err == nil && r.Width == 0 {
		err = fmt.Errorf("no %s on the page, or it takes no room", selector)
	}
	return r, err
}

// screenshot takes a PNG of the part r of the page, scrolled or not.
func (b *browser) screenshot(r rect) ([]byte, error) {
	var out struct {
		Data string `json:"data"`
	}
	err := b.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": r.X, "y": r.Y, "width": r.Width, "height": r.Height, "scale": 1}}, &out)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(out.Data)
}

// problems are what a viewer of the page would be told went wrong, or
// that the page did what it must not: console messages (the report runs
// no script, so any is one), uncaught exceptions, browser log entries of
// level error or warning (a blocked resource, a policy violation), and
// every request for anything but the file itself and data: URLs.
func (b *browser) problems(page string) []string {
	var out []string
	for _, m := range b.events {
		switch m.Method {
		case "Runtime.consoleAPICalled":
			var p struct {
				Type string `json:"type"`
				Args []struct {
					Value       any    `json:"value"`
					Description string `json:"description"`
				} `json:"args"`
			}
			json.Unmarshal(m.Params, &p)
			var words []string
			for _, a := range p.Args {
				words = append(words, fmt.Sprint(a.Value, a.Description))
			}
			out = append(out, fmt.Sprintf("console.%s: %s", p.Type, strings.Join(words, " ")))
		case "Runtime.exceptionThrown":
			var p struct {
				Details struct {
					Text      string `json:"text"`
					Exception struct {
						Description string `json:"description"`
					} `json:"exception"`
				} `json:"exceptionDetails"`
			}
			json.Unmarshal(m.Params, &p)
			out = append(out, "exception: "+p.Details.Text+" "+p.Details.Exception.Description)
		case "Log.entryAdded":
			var p struct {
				Entry struct {
					Level, Source, Text, URL string
				} `json:"entry"`
			}
			json.Unmarshal(m.Params, &p)
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				out = append(out, fmt.Sprintf("log %s (%s): %s %s", p.Entry.Level, p.Entry.Source, p.Entry.Text, p.Entry.URL))
			}
		case "Network.requestWillBeSent":
			var p struct {
				Request struct {
					URL string `json:"url"`
				} `json:"request"`
			}
			json.Unmarshal(m.Params, &p)
			if u := p.Request.URL; u != page && !strings.HasPrefix(u, page+"#") && !strings.HasPrefix(u, "data:") {
				out = append(out, "request: "+u)
			}
		case "Network.loadingFailed":
			var p struct {
				ErrorText     string `json:"errorText"`
				BlockedReason string `json:"blockedReason"`
			}
			json.Unmarshal(m.Params, &p)
			out = append(out, fmt.Sprintf("loading failed: %s (blocked: %s)", p.ErrorText, p.BlockedReason))
		}
	}
	return out
}

// fileURL is the file:// URL of path.
func fileURL(t testing.TB, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return "file://" + filepath.ToSlash(abs)
}
