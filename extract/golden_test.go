package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/model"
)

const articleURL = "https://learnxops.com/p/interview-q-a-for-devops-devsecops-cloudops-mlops-aiops"

// TestArticleGolden pins the text reader's model of the whole article. The
// golden file was reviewed question by question against source/article.txt
// when it was created; review every diff -update makes the same way.
func TestArticleGolden(t *testing.T) {
	body := readFile(t, articlePath)
	d := textArticle(t)
	if n := d.Count(); n != 109 {
		t.Errorf("article has %d questions, want 109", n)
	}
	sum := sha256.Sum256(body)
	d.Source = model.Source{URL: articleURL, SHA256: hex.EncodeToString(sum[:])}
	golden.Check(t, "../testdata/golden/extract/article.json", []byte(deckJSON(t, d)))
}

// TestDocuments reads every other document under testdata/articles and
// compares its model and warnings with the golden files under
// testdata/golden/extract. A new case is a new file there, with no code.
func TestDocuments(t *testing.T) {
	paths, err := filepath.Glob("../testdata/articles/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range paths {
		name := filepath.Base(path)
		if strings.HasPrefix(name, "article.") {
			continue // the article's forms: TestArticleFormatsAgree
		}
		n++
		t.Run(name, func(t *testing.T) {
			body := readFile(t, path)
			var warns []string
			d, err := Read(body, Detect(body, name, ""), Options{Warn: func(w Warning) { warns = append(warns, w.String()) }})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Validate(); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "../testdata/golden/extract/"+name+".json", []byte(modelJSON(t, d)))
			lint := strings.Join(warns, "\n")
			if lint != "" {
				lint += "\n"
			}
			golden.Check(t, "../testdata/golden/extract/"+name+".lint", []byte(lint))
		})
	}
	if n == 0 {
		t.Fatal("no documents under testdata/articles")
	}
	if !golden.Updating() {
		// Every golden file must belong to a document still there.
		goldens, _ := filepath.Glob("../testdata/golden/extract/*")
		for _, g := range goldens {
			base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(g), ".json"), ".lint")
			if _, err := os.Stat(filepath.Join("../testdata/articles", base)); err != nil && base != "article" {
				t.Errorf("%s has no document under testdata/articles", g)
			}
		}
	}
}
