package main

import (
	"bufio"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/internal/licenses"
	"github.com/xopsexport/xopsexport/model"
)

// infoCommands are the commands that describe the article rather than
// export it.
func infoCommands(e *env, cfg *config) []*cli.Command {
	var mcqReport, mcqItems bool
	var mcqOpts mcq.Options
	return []*cli.Command{
		{
			Name: "stats", Usage: "count the questions per role",
			Description: "Examples:\n   xopsexport stats\n   xopsexport stats --source saved-page.html",
			Flags:       inputFlags(cfg), OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("stats takes no arguments (got %q); use --source to name the input", c.Args().First())
				}
				return e.stats(cfg)
			},
		},
		{
			Name: "list", Usage: "list every question: ID, role, number, question",
			Description: "Examples:\n   xopsexport list --role mlops\n   xopsexport list | grep -i terraform",
			Flags:       inputFlags(cfg), OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("list takes no arguments (got %q); use --source to name the input", c.Args().First())
				}
				return e.list(cfg)
			},
		},
		{
			Name: "show", Usage: "print one question and its answer", ArgsUsage: "ID",
			Description: "ID is a question ID from `list` (cloudops-cb7755d1) or ROLE/NUMBER (cloudops/7).\n\nExamples:\n   xopsexport show cloudops/7",
			Flags:       inputFlags(cfg), OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("show takes one question ID (see `xopsexport list`)")
				}
				return e.show(cfg, c.Args().First())
			},
		},
		{
			Name: "lint", Usage: "report anomalies in the source: numbering gaps or repeats, empty answers, question-like text that was not taken",
			Description: "Examples:\n   xopsexport lint\n   xopsexport lint --strict --source draft.md   # exit 3 on any finding\n   xopsexport lint --mcq --seed 7               # how guessable the multiple-choice questions are",
			Flags: append(inputFlags(cfg),
				&cli.BoolFlag{Name: "mcq", Usage: "also report how well the multiple-choice questions resist guessing", Destination: &mcqReport},
				&cli.BoolFlag{Name: "items", Usage: "with --mcq, also list every multiple-choice question, each option with the question whose answer it is, for review", Destination: &mcqItems},
				choicesFlag(&mcqOpts.Choices),
				seedFlag(&mcqOpts.Seed),
			),
			OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("lint takes no arguments (got %q); use --source to name the input", c.Args().First())
				}
				if mcqItems && !mcqReport {
					return usagef("--items lists the multiple-choice questions: use it with --mcq")
				}
				if mcqReport {
					if err := mcqOpts.Check(); err != nil {
						return usageError{err}
					}
					return e.lint(cfg, &mcqOpts, mcqItems)
				}
				return e.lint(cfg, nil, false)
			},
		},
	}
}

func formatsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name: "formats", Usage: "list the output formats",
		Action: func(c *cli.Context) error {
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "FORMAT\tCOMMAND\tEXT\tDESCRIPTION")
			for _, f := range exporters.All() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Name, f.Command, f.Ext, f.Usage)
			}
			return tw.Flush()
		},
	}
}

func (e *env) stats(cfg *config) error {
	l, d, err := e.deckFor(cfg)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "ROLE\tNAME\tQUESTIONS\tHEADING\n")
	for _, s := range d.Sections {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", s.Role, s.Name, len(s.Questions), s.Heading)
	}
	fmt.Fprintf(tw, "total\t\t%d\t\n", d.Count())
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "source: %s\n", l.doc.Origin)
	return nil
}

func (e *env) list(cfg *config) error {
	_, d, err := e.deckFor(cfg)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "ID\tROLE\tNUMBER\tQUESTION\n")
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", q.ID, s.Role, q.Number, q.Question)
		}
	}
	return tw.Flush()
}

func (e *env) show(cfg *config, id string) error {
	_, d, err := e.deckFor(cfg)
	if err != nil {
		return err
	}
	// ROLE/NUMBER takes the role aliases --role takes: cloud/7.
	if role, num, ok := strings.Cut(id, "/"); ok {
		var have []string
		for _, s := range d.Sections {
			have = append(have, s.Role)
		}
		if ids, err := model.ResolveRoles([]string{role}, have); err == nil && len(ids) == 1 {
			id = ids[0] + "/" + num
		}
	}
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if q.ID == id || strings.EqualFold(fmt.Sprintf("%s/%d", s.Role, q.Number), id) {
				fmt.Fprintf(e.stdout, "%s Q%d (%s)\n\n%s\n\n%s\n", s.Name, q.Number, q.ID, q.Question, q.AnswerText())
				if len(q.Tags) > 0 {
					fmt.Fprintf(e.stdout, "\ntags: %s\n", strings.Join(q.Tags, " "))
				}
				return nil
			}
		}
	}
	return usagef("no question %q (see `xopsexport list`)", id)
}

func (e *env) lint(cfg *config, mo *mcq.Options, items bool) error {
	// Not deckFor: lint lists the findings that deckFor only summarises.
	l, err := e.load(cfg)
	if err != nil {
		return err
	}
	d, err := filterRoles(l.deck, cfg.roles.Value())
	if err != nil {
		return err
	}
	if mo != nil {
		if err := e.mcqReport(d, *mo, items); err != nil {
			return err
		}
	}
	if l.layout != "" {
		fmt.Fprintf(e.stdout, "%s: %s\n", l.doc.Name, l.layout)
	}
	for _, w := range l.warnings {
		sev := ""
		if w.Severity == extract.Serious {
			sev = "serious: "
		}
		fmt.Fprintf(e.stdout, "%s: %s%s\n", l.doc.Name, sev, w)
	}
	fmt.Fprintf(e.stdout, "%d question(s) in %d section(s), %d finding(s)\n", l.deck.Count(), len(l.deck.Sections), len(l.warnings))
	if cfg.strict && len(l.warnings) > 0 {
		return lintError{fmt.Sprintf("lint: %s found (--strict)", plural(len(l.warnings), "problem"))}
	}
	return nil
}

// mcqReport prints how often guessers that know nothing of the subject
// pick the right option: each should be near chance (1 in --choices).
func (e *env) mcqReport(d *model.Deck, o mcq.Options, list bool) error {
	items := mcq.Build(d, o)
	if list {
		if err := e.mcqItems(d, items); err != nil {
			return err
		}
	}
	choices := o.Choices
	if choices == 0 {
		choices = mcq.DefaultChoices
	}
	fmt.Fprintf(e.stdout, "multiple choice: %d questions, %d options each (seed %d); chance is %.0f%%\n", len(items), choices, o.Seed, 100/float64(choices))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "GUESSER\tRIGHT\tOF\tRATE\n")
	for _, g := range mcq.Report(d, items) {
		rate := 0.0
		if g.Total > 0 {
			rate = 100 * float64(g.Correct) / float64(g.Total)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f%%\n", g.Name, g.Correct, g.Total, rate)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if cross := mcq.CrossRole(d, items); len(cross) > 0 {
		fmt.Fprintf(e.stdout, "options from another role (too few answers in their own): %s\n", strings.Join(cross, ", "))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// mcqItems lists the multiple-choice questions for a teacher to review:
// the question, its options lettered with the right one starred, and
// after each option the question whose answer it was taken from, since a
// distractor from a question that asks much the same may answer this one
// too.
func (e *env) mcqItems(d *model.Deck, items []mcq.Item) error {
	asked := map[string]string{} // question ID → role/number and question
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			id := s.IDOf(&q)
			asked[id] = fmt.Sprintf("%s/%d %s", s.Role, q.Number, q.Question)
		}
	}
	w := bufio.NewWriter(e.stdout)
	for _, it := range items {
		fmt.Fprintf(w, "%s  %s\n", it.QuestionID, it.Prompt)
		for j, opt := range it.Options {
			mark := " "
			if j == it.Correct {
				mark = "*"
			}
			fmt.Fprintf(w, "  %s %c) %s\n", mark, 'a'+j, opt)
			if j != it.Correct && j < len(it.From) {
				fmt.Fprintf(w, "       from %s\n", mcq.Clip(asked[it.From[j]], 100))
			}
		}
		fmt.Fprintln(w)
	}
	return w.Flush()
}

// licensesCommand prints the notices a copy of the binary must carry.
func licensesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name: "licenses", Usage: "print xopsexport's licence, the built-in article's attribution and every dependency's licence",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("licenses takes no arguments")
			}
			_, err := fmt.Fprintf(e.stdout, "%s\n%s\n%s", licenses.Own, articleNotice, licenses.ThirdParty)
			return err
		},
	}
}

// articleNotice says whose the embedded article is and on what terms it
// travels with the binary.
const articleNotice = `The built-in article

"Interview Questions & Answers for DevOps, DevSecOps, CloudOps, MLOps, and AIOps"
by Sandip Das, LearnXOps: https://learnxops.com/p/interview-q-a-for-devops-devsecops-cloudops-mlops-aiops
The article is its author's work, not covered by the licence above. A copy is
embedded for offline personal study, with attribution; every export names the
author and the source. Use --source to read another document.
`
