package webpage

import (
	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/model"
)

// quizItem is one multiple-choice question of the page's quiz.
type quizItem = mcq.Item

// buildQuiz builds the quiz with the engine the Moodle multiple-choice
// questions use (same role, never the right answer, similar length), four
// options each, so the same seed asks the same questions in both.
func buildQuiz(d *model.Deck, seed int64) []quizItem {
	return mcq.Build(d, mcq.Options{Choices: mcq.DefaultChoices, Seed: seed})
}
