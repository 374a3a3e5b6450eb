// Command xopsexport turns the LearnXOps interview Q&A article into Anki
// decks, printable PDFs, Excel trackers, LMS quizzes and a study web page.
package main

import (
	"context"
	"fmt"
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
	ctx, cancel := context.WithCancel(context.Background())
	temps := &atomicfile.Temps{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, temps, os.Args, os.Stdin, os.Stdout, os.Stderr) }()
	var code int
	select {
	case code = <-done:
	case sig := <-sigs:
		cancel()
		select {
		case code = <-done:
		case <-time.After(grace):
			code = forcedExit(temps, sig)
		case sig = <-sigs: // a second Ctrl-C: stop now
			code = forcedExit(temps, sig)
		}
	}
	os.Exit(code)
}

// forcedExit removes the files still being written and reports the
// interrupt; files already renamed into place were complete.
func forcedExit(temps *atomicfile.Temps, sig os.Signal) int {
	temps.RemoveAll()
	fmt.Fprintf(os.Stderr, "\nxopsexport: interrupted (%v); files being written were removed\n", sig)
	return signalCode(sig)
}

// signalCode is the shell's 128+N status for a signal.
func signalCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitInterrupted
}
