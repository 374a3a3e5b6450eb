package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xopsexport/xopsexport/extract"
)

// Exit codes, mapped in one place.
const (
	exitOK       = 0
	exitFailure  = 1 // I/O or internal error
	exitUsage    = 2 // bad flags, unknown role or format
	exitNoData   = 3 // no questions, or --strict lint findings
	exitNoSource = 4 // the source could not be reached
	// exitInterrupted is 128+SIGINT, what a shell reports for Ctrl-C.
	exitInterrupted = 130
)

// usageError marks a mistake in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// sourceError marks a source that could not be read or fetched.
type sourceError struct{ err error }

func (e sourceError) Error() string { return e.err.Error() }
func (e sourceError) Unwrap() error { return e.err }

// refusedError is a fetched page that looks like a broken extraction: no
// usable data, like a source without questions.
type refusedError struct{ msg string }

func (e refusedError) Error() string { return e.msg }

// lintError marks --strict findings.
type lintError struct{ msg string }

func (e lintError) Error() string { return e.msg }

// exitCode maps an error to the process exit status.
func exitCode(err error) int {
	var (
		ue usageError
		se sourceError
		le lintError
		re refusedError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, extract.ErrNoQuestions), errors.As(err, &le), errors.As(err, &re):
		return exitNoData
	case errors.As(err, &se):
		return exitNoSource
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailure
}

// report prints err as one line on stderr and returns the exit code.
func report(stderr io.Writer, err error) int {
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	var partial partialError
	if errors.Is(err, context.Canceled) && !errors.As(err, &partial) {
		msg = "interrupted; no output was written"
	}
	fmt.Fprintf(stderr, "xopsexport: %s\n", msg)
	return exitCode(err)
}
