package pipeline

import "strings"

// Category is one of the 26 level-2 value categories of "Values in the
// Wild", the vocabulary of value profiles.
type Category struct {
	Name  string // e.g. "Ethical responsibility"
	Short string // axis label of at most 16 characters
	Group string // level-3 top category: Epistemic, Protective, Practical, Social, Personal
}

var categories = []Category{
	{"Methodical rigor", "Method. rigor", "Epistemic"},
	{"Knowledge development", "Knowledge dev.", "Epistemic"},
	{"Clarity and precision", "Clarity", "Epistemic"},
	{"Intellectual integrity and objectivity", "Intell. integrity", "Epistemic"},
	{"Critical thinking", "Critical thinking", "Epistemic"},
	{"Security and stability", "Security", "Protective"},
	{"Protection of people and environment", "Protection", "Protective"},
	{"Ethical responsibility", "Ethical resp.", "Protective"},
	{"Protecting human rights and dignity", "Human rights", "Protective"},
	{"Protecting vulnerable entities", "Vulnerable", "Protective"},
	{"Business effectiveness", "Business eff.", "Practical"},
	{"Efficiency and resource optimization", "Efficiency", "Practical"},
	{"Compliance and accountability", "Compliance", "Practical"},
	{"Professional and technical excellence", "Prof. excellence", "Practical"},
	{"Professional advancement", "Prof. advance.", "Practical"},
	{"Community and relationship bonds", "Community", "Social"},
	{"Cultural respect and tradition", "Culture", "Social"},
	{"Social equity and justice", "Social equity", "Social"},
	{"Well-functioning social systems and organizations", "Social systems", "Social"},
	{"Ethical interaction", "Ethical interact.", "Social"},
	{"Personal growth and wellbeing", "Personal growth", "Personal"},
	{"Authentic moral identity", "Moral identity", "Personal"},
	{"Artistic expression and appreciation", "Artistic expr.", "Personal"},
	{"Emotional depth and authentic connection", "Emotional depth", "Personal"},
	{"Spiritual fulfillment and meaning", "Spiritual", "Personal"},
	{"Pleasure and enjoyment", "Pleasure", "Personal"},
}

// Categories returns the 26 categories in taxonomy order. The slice is a copy.
func Categories() []Category { return append([]Category(nil), categories...) }

// CategoryNames returns the 26 category names in taxonomy order.
func CategoryNames() []string {
	out := make([]string, len(categories))
	for i, c := range categories {
		out[i] = c.Name
	}
	return out
}

// CategoryIndex returns the index of a category by full or short name
// (case-insensitive), or -1.
func CategoryIndex(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	for i, c := range categories {
		if n == strings.ToLower(c.Name) || n == strings.ToLower(c.Short) {
			return i
		}
	}
	return -1
}

// ShortCategory returns the short label of a category name, or the name
// itself when it is not one of the 26.
func ShortCategory(name string) string {
	if i := CategoryIndex(name); i >= 0 {
		return categories[i].Short
	}
	return name
}
