// Package testdeck gives tests and benchmarks the decks they run exporters
// on: the real article, a generated deck of any size, and a hostile deck
// full of characters that break naive escaping.
package testdeck

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/model"
	"github.com/xopsexport/xopsexport/source"
)

// Date is the fixed date test decks carry, so outputs are reproducible.
var Date = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// Article returns the embedded article's deck (109 questions), with its
// source filled in as the CLI would.
func Article() *model.Deck {
	doc := source.Embedded()
	d, err := extract.Text(bytes.NewReader(doc.Body), extract.Options{})
	if err != nil {
		panic("testdeck: the embedded article does not extract: " + err.Error())
	}
	d.Source = model.Source{URL: doc.URL, Retrieved: Date, SHA256: "0000000000000000000000000000000000000000000000000000000000000000"}
	return d
}

// Synthetic returns a deck of n questions spread over the five known roles,
// with paragraph and list answers of varied length, for benchmarks and
// scaling tests. The same n always gives the same deck.
func Synthetic(n int) *model.Deck {
	roles := model.Roles()
	d := &model.Deck{
		Title:  fmt.Sprintf("Synthetic deck of %d questions", n),
		Author: "xopsexport tests",
		Source: model.Source{URL: "https://example.com/synthetic", Retrieved: Date, SHA256: strings.Repeat("ab", 32)},
	}
	for _, r := range roles {
		d.Sections = append(d.Sections, model.Section{Role: r.ID, Name: r.Name, Heading: r.Name + " Interview Questions & Answers"})
	}
	words := strings.Fields("deploy the service behind a load balancer with health checks rolling updates and autoscaling monitor latency errors saturation using Prometheus Grafana and CloudWatch store state in S3 with DynamoDB locking rotate secrets in Vault")
	for i := 0; i < n; i++ {
		s := &d.Sections[i%len(roles)]
		num := len(s.Questions) + 1
		text := fmt.Sprintf("How would you handle scenario %d involving %s and %s in production?", i, words[i%len(words)], words[(i*7)%len(words)])
		var answer []model.Block
		para := func(k int) string {
			var b strings.Builder
			for j := 0; j < 25+(i+k)%40; j++ {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[(i+j*k+j)%len(words)])
			}
			return b.String() + "."
		}
		answer = append(answer, model.Block{Type: model.Paragraph, Text: para(1)})
		if i%3 == 0 {
			answer = append(answer, model.Block{Type: model.List, Items: []string{para(2)[:60], para(3)[:80], para(4)[:40]}})
		}
		if i%5 == 0 {
			answer = append(answer, model.Block{Type: model.Paragraph, Text: para(5)})
		}
		q := model.Question{
			ID:       model.QuestionID(s.Role, text),
			Number:   num,
			Question: text,
			Answer:   answer,
		}
		q.Tags = model.QuestionTopics(&q)
		if q.Tags == nil {
			q.Tags = []string{}
		}
		s.Questions = append(s.Questions, q)
	}
	return d
}

// HostileStrings are texts that break naive writers: markup, template
// syntax, format-specific specials, formula starters, control-like
// characters, astral-plane and right-to-left text.
var HostileStrings = []string{
	`Helm renders {{ .Values.image }} and bash expands ${VAR}`,
	`a = b, issue #1, C:\path\to\file, C++ :: scope, //comment, ~tilde`,
	`<script>alert("x")</script> and <b>bold</b> & kubectl logs <name>`,
	`=cmd|' /C calc'!A0`,
	`+SUM(1,2)`,
	`-1 is not a flag, @user is not a mention`,
	"tab\there and \"quotes\" and 'single'",
	`#!/bin/bash starts with a hash`,
	`emoji 👋 ✅ 🚀 and astral 𝕏 𝔸`,
	`right-to-left: שלום עולם, مرحبا بالعالم`,
	`CJK: 你好，世界。日本語のテキスト。한국어`,
	`]]> ends CDATA; -> arrow; %50% weight; \n literal backslash-n`,
	`javascript:alert(1) [link](javascript:alert(1))`,
	strings.Repeat("verylongwordwithoutanyspaces", 40),
}

// Hostile returns a small deck whose every text field is hostile.
func Hostile() *model.Deck {
	d := &model.Deck{
		Title:  `Hostile <deck> & "title" {{ x }}`,
		Author: `O'Brien & <Co>`,
		Source: model.Source{URL: "https://example.com/a?b=1&c=<2>", Retrieved: Date, SHA256: strings.Repeat("cd", 32)},
	}
	roles := []struct{ id, name string }{{"devops", "DevOps"}, {"mlops", "MLOps"}}
	for ri, r := range roles {
		s := model.Section{Role: r.id, Name: r.name, Heading: r.name + ` Q&A <h1> "quoted"`}
		for i, h := range HostileStrings {
			if i%len(roles) != ri && i > 3 {
				continue
			}
			q := model.Question{
				Number:   len(s.Questions) + 1,
				Question: h + "?",
				Answer: []model.Block{
					{Type: model.Paragraph, Text: h},
					{Type: model.List, Items: []string{h, "plain item", HostileStrings[(i+1)%len(HostileStrings)]}},
				},
				Tags: []string{"hostile"},
			}
			q.ID = model.QuestionID(s.Role, q.Question)
			s.Questions = append(s.Questions, q)
		}
		d.Sections = append(d.Sections, s)
	}
	// A question with no answer: exporters must still write a valid file.
	s := &d.Sections[0]
	s.Questions = append(s.Questions, model.Question{
		ID: model.QuestionID(s.Role, "A question with no answer?"), Number: len(s.Questions) + 1,
		Question: "A question with no answer?", Answer: []model.Block{}, Tags: []string{},
	})
	return d
}

// Structured returns a small deck whose answers use every block type:
// sub-headings, code (with leading #, tabs, blank lines and markup), tables
// (ragged rows, empty and hostile cells) next to paragraphs and lists, the
// shapes real Q&A documents have.
func Structured() *model.Deck {
	d := &model.Deck{
		Title:  "Structured answers",
		Author: "xopsexport tests",
		Source: model.Source{URL: "https://example.com/structured", Retrieved: Date, SHA256: strings.Repeat("ef", 32)},
	}
	code := "# build stage\nFROM golang:1.26 AS build\n\tRUN go build -o /app ./...\n\n# a line with <markup> & \"quotes\" {braces} ~=#:\nCMD [\"/app\"]"
	qs := []struct {
		role, text string
		answer     []model.Block
	}{
		{"devops", "How do containers talk to each other?", []model.Block{
			{Type: model.Paragraph, Text: "There are three common ways."},
			{Type: model.Heading, Text: "1. By container IP"},
			{Type: model.Paragraph, Text: "Each container on a bridge network gets an IP."},
			{Type: model.Heading, Text: "2. By name on a user-defined network"},
			{Type: model.Code, Lang: "sh", Text: "docker network create app\ndocker run --network app --name db postgres"},
			{Type: model.List, Items: []string{"DNS by container name", "isolated from the default bridge"}},
		}},
		{"devops", "Write a multi-stage Dockerfile for a Go service.", []model.Block{
			{Type: model.Code, Lang: "dockerfile", Text: code},
			{Type: model.Paragraph, Text: "The final image holds only the binary."},
		}},
		{"cloudops", "Compare the AWS storage classes.", []model.Block{
			{Type: model.Table, Rows: [][]string{
				{"Class", "Use", "Retrieval"},
				{"S3 Standard", "hot data", "ms"},
				{"S3 Glacier <Deep> Archive", "archives & backups | compliance", ""},
				{"One Zone-IA"},
			}},
			{Type: model.Paragraph, Text: "Pick by access pattern and durability needs."},
		}},
		{"cloudops", "Only a table?", []model.Block{
			{Type: model.Table, Rows: [][]string{{"Key", "Value"}, {HostileStrings[0], HostileStrings[1]}}},
		}},
	}
	for _, r := range []string{"devops", "cloudops"} {
		d.Sections = append(d.Sections, model.Section{Role: r, Name: model.RoleName(r), Heading: model.RoleName(r) + " Questions"})
	}
	for _, q := range qs {
		s := &d.Sections[0]
		if q.role == "cloudops" {
			s = &d.Sections[1]
		}
		mq := model.Question{Number: len(s.Questions) + 1, Question: q.text, Answer: q.answer, Tags: []string{}}
		mq.ID = model.QuestionID(q.role, q.text)
		mq.Tags = model.QuestionTopics(&mq)
		s.Questions = append(s.Questions, mq)
	}
	return d
}
