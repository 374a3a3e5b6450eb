package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptWhileReadingStdin (M3): a signal stops a run blocked on a
// standard input that never ends, with the shell's 128+N status.
func TestInterruptWhileReadingStdin(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		r, w := io.Pipe()
		defer w.Close()
		sigs := make(chan os.Signal, 1)
		var errb bytes.Buffer
		done := make(chan int)
		dir := t.TempDir()
		go func() {
			done <- runMain([]string{"xopsexport", "anki", "-s", "-", "-o", filepath.Join(dir, "x.tsv"), "--data-dir", dir}, r, io.Discard, &errb, sigs)
		}()
		w.Write([]byte("Q1: What is CI?\n")) // the run is reading
		sigs <- sig
		select {
		case code := <-done:
			if code != 128+int(sig) {
				t.Errorf("%v: exit %d, want %d", sig, code, 128+int(sig))
			}
			if !strings.Contains(errb.String(), "interrupted") {
				t.Errorf("%v: stderr %q", sig, errb.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v: the run did not stop", sig)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.tsv")); err == nil {
			t.Errorf("%v: output written", sig)
		}
	}
}

// TestInterruptProcess sends a real SIGINT to a child blocked on stdin.
func TestInterruptProcess(t *testing.T) {
	args, _ := json.Marshal([]string{"stats", "-s", "-"})
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "XOPSEXPORT_HELPER_ARGS="+string(args), "XOPSEXPORT_DATA_DIR="+t.TempDir())
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdin.Write([]byte("Q1: What is CI?\n"))
	time.Sleep(300 * time.Millisecond) // let it start reading
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want 130; stderr %q", err, errb.String())
	}
	if !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("stderr %q", errb.String())
	}
}
