// Command xopsexport turns the LearnXOps interview Q&A article into Anki
// decks, printable PDFs, Excel trackers, LMS quizzes and a study web page.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/xopsexport/xopsexport/internal/atomicfile"
)

// grace is how long an interrupted run may take to stop on its own (and
// list what it wrote) before it is stopped from outside: reading a
// terminal or building a 100k-question PDF in memory does not look at the
// context.
const grace = 100 * time.Millisecond

func main() {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	os.Exit(runMain(os.Args, os.Stdin, os.Stdout, os.Stderr, sigs, true))
}

// runMain runs one command line until it ends or a signal stops it: the
// first signal cancels the run and gives it grace to clean up and say
// what it wrote; after that, or at a second signal, it is stopped.
// wholeProcess says the run is the process (not a test calling it), so it
// may tune the garbage collector for its export (see paceGC).
func runMain(args []string, stdin io.Reader, stdout, stderr io.Writer, sigs <-chan os.Signal, wholeProcess bool) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	temps := &atomicfile.Temps{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, temps, wholeProcess, args, stdin, stdout, stderr) }()
	select {
	case code := <-done:
		return code
	case sig := <-sigs:
		cancel()
		select {
		case code := <-done:
			if code == exitInterrupted {
				return signalCode(sig)
			}
			return code
		case <-time.After(grace):
		case sig = <-sigs:
		}
		return forcedExit(stderr, temps, sig)
	}
}

// forcedExit removes the files still being written and reports the
// interrupt; files already renamed into place were complete.
func forcedExit(stderr io.Writer, temps *atomicfile.Temps, sig os.Signal) int {
	temps.RemoveAll()
	fmt.Fprintf(stderr, "\nxopsexport: interrupted (%v); files being written were removed\n", sig)
	return signalCode(sig)
}

// signalCode is the shell's 128+N status for a signal.
func signalCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitInterrupted
}
