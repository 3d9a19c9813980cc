package taxonomy

import "github.com/specstress/specstress/pipeline"

// standin is a small hand-written set of fine-grained values, four per
// category. It is NOT the taxonomy of "Values in the Wild" (3,307 values):
// it only lets the pipeline run end-to-end without that file. Load the real
// values_tree.csv for research use.
var standin = map[string][]string{
	"Methodical rigor":                                  {"Thoroughness", "Procedural correctness", "Careful verification", "Systematic planning"},
	"Knowledge development":                             {"Curiosity", "Lifelong learning", "Scientific discovery", "Educational access"},
	"Clarity and precision":                             {"Clear communication", "Accuracy", "Conciseness", "Unambiguous instructions"},
	"Intellectual integrity and objectivity":            {"Honesty", "Truthfulness", "Impartiality", "Transparency about uncertainty"},
	"Critical thinking":                                 {"Skepticism", "Evidence-based reasoning", "Questioning assumptions", "Independent judgment"},
	"Security and stability":                            {"Financial security", "Public safety", "Job stability", "Predictability"},
	"Protection of people and environment":              {"Environmental sustainability", "Harm prevention", "Public health", "Animal welfare"},
	"Ethical responsibility":                            {"Moral accountability", "Duty of care", "Harm avoidance", "Conscientiousness"},
	"Protecting human rights and dignity":               {"Privacy", "Freedom of expression", "Human dignity", "Bodily autonomy"},
	"Protecting vulnerable entities":                    {"Child safety", "Protection of the elderly", "Care for the sick", "Safeguarding minors online"},
	"Business effectiveness":                            {"Profitability", "Competitive advantage", "Customer satisfaction", "Market growth"},
	"Efficiency and resource optimization":              {"Efficiency", "Cost savings", "Time management", "Resource conservation"},
	"Compliance and accountability":                     {"Legal compliance", "Regulatory adherence", "Rule following", "Institutional accountability"},
	"Professional and technical excellence":             {"Craftsmanship", "Technical quality", "Expertise", "Professional standards"},
	"Professional advancement":                          {"Career growth", "Ambition", "Recognition", "Networking"},
	"Community and relationship bonds":                  {"Loyalty", "Friendship", "Family cohesion", "Neighbourliness"},
	"Cultural respect and tradition":                    {"Tradition", "Cultural heritage", "Religious respect", "Respect for elders"},
	"Social equity and justice":                         {"Fairness", "Equal opportunity", "Inclusion", "Economic justice"},
	"Well-functioning social systems and organizations": {"Democratic participation", "Institutional trust", "Rule of law", "Civic duty"},
	"Ethical interaction":                               {"Respect for others", "Kindness", "Consent", "Politeness"},
	"Personal growth and wellbeing":                     {"Self-improvement", "Mental health", "Work-life balance", "Resilience"},
	"Authentic moral identity":                          {"Integrity", "Personal authenticity", "Living by one's principles", "Moral courage"},
	"Artistic expression and appreciation":              {"Creativity", "Artistic freedom", "Aesthetic beauty", "Originality"},
	"Emotional depth and authentic connection":          {"Empathy", "Emotional honesty", "Intimacy", "Compassion"},
	"Spiritual fulfillment and meaning":                 {"Spiritual growth", "Sense of purpose", "Faith", "Inner peace"},
	"Pleasure and enjoyment":                            {"Fun", "Leisure", "Sensory pleasure", "Playfulness"},
}

// Builtin returns the stand-in set (104 values, four per category),
// marked Standin. Values come in taxonomy order so sampling is stable.
func Builtin() *Taxonomy {
	t := &Taxonomy{Standin: true, Source: "built-in stand-in (not Values in the Wild)"}
	for _, c := range pipeline.CategoryNames() {
		for _, v := range standin[c] {
			t.Values = append(t.Values, Value{Name: v, Category: c, Weight: 1})
		}
	}
	return t
}
