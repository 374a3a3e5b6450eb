package xlsx

import "time"

// Options tunes the tracker workbook.
type Options struct {
	// Previous is an earlier tracker whose learner columns are carried over
	// (merge); nil writes a fresh tracker.
	Previous []byte
	// PreviousName is the file Previous was read from, for messages
	// ("tracker.ods is an OpenDocument spreadsheet: …"); "" says "the
	// tracker to merge".
	PreviousName string
	// OnMerge, when set, receives what a merge did.
	OnMerge func(MergeStats)
	// Date is the workbook's creation date; zero means the deck's retrieval date.
	Date time.Time
	// Generator names the program for the About sheet ("xopsexport v1.2").
	Generator string
}

// MergeStats counts what a merge did with the previous tracker's rows.
type MergeStats struct {
	Kept, Updated, Added, Archived int
}
