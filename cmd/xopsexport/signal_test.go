package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xopsexport/xopsexport/source"
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
			done <- runMain([]string{"xopsexport", "anki", "-s", "-", "-o", filepath.Join(dir, "x.tsv"), "--data-dir", dir}, r, io.Discard, &errb, sigs, false)
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
	cmd.Env = append(os.Environ(), "XOPSEXPORT_HELPER_ARGS="+string(args), "XOPSEXPORT_HELPER_READY=1", "XOPSEXPORT_DATA_DIR="+t.TempDir())
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(stderr)
	if line, err := rd.ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("child: %q %v", line, err)
	}
	stdin.Write([]byte("Q1: What is CI?\n"))
	cmd.Process.Signal(syscall.SIGINT)
	rest, _ := io.ReadAll(rd)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want 130; stderr %q", err, rest)
	}
	if !strings.Contains(string(rest), "interrupted") {
		t.Errorf("stderr %q", rest)
	}
}

// TestRefreshSaysItWaits (L20): a refresh that finds the data directory
// locked says whose lock it waits for, then goes on when it is released.
func TestRefreshSaysItWaits(t *testing.T) {
	srv := newSite(t, v2)
	dir := t.TempDir()
	lock, err := (&source.Store{Dir: dir}).Lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	args, _ := json.Marshal([]string{"refresh", "--url", srv.URL + "/article", "--data-dir", dir})
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "XOPSEXPORT_HELPER_ARGS="+string(args))
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(stderr)
	line, err := rd.ReadString('\n')
	if err != nil || !strings.Contains(line, fmt.Sprintf("waiting for another refresh (pid %d", os.Getpid())) {
		t.Errorf("first line %q, %v", line, err)
	}
	lock.Close()
	rest, _ := io.ReadAll(rd)
	if err := cmd.Wait(); err != nil || !strings.Contains(string(rest), "saved snapshot") {
		t.Errorf("after the wait: %v %s", err, rest)
	}
}
