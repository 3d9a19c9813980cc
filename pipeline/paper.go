package pipeline

// Figure10Categories are the nine value categories whose counts the paper's
// Figure 10 reports, in its column order.
func Figure10Categories() []string {
	return []string{
		"Ethical responsibility", "Emotional depth and authentic connection",
		"Efficiency and resource optimization", "Intellectual integrity and objectivity",
		"Critical thinking", "Professional and technical excellence",
		"Business effectiveness", "Personal growth and wellbeing", "Social equity and justice",
	}
}

// Figure10Counts returns the paper's Figure 10: how often each model's
// responses on all_models expressed each of Figure10Categories (PAPER.md
// section 9). The simulator and the offline LLM backend plant these
// preferences, so both read them from here.
func Figure10Counts() map[ModelID][9]float64 {
	return map[ModelID][9]float64{
		ClaudeOpus4:    {7023, 4366, 7384, 6485, 9648, 6300, 3050, 2130, 1977},
		ClaudeSonnet4:  {9086, 4127, 7279, 6584, 12293, 6543, 3312, 2452, 2316},
		Claude37Sonnet: {10397, 3117, 6782, 6258, 9925, 6745, 2292, 2016, 2239},
		Claude35Sonnet: {10616, 3070, 6531, 7035, 10618, 3075, 1437, 2359, 1571},
		ClaudeOpus3:    {17644, 3806, 6613, 7145, 5642, 3539, 1098, 4627, 2797},
		GPT41:          {6404, 4198, 9488, 4211, 5494, 7600, 2778, 2556, 2179},
		GPT41Mini:      {6072, 3790, 9376, 3528, 5520, 9253, 3920, 2492, 1812},
		GPT4o:          {6883, 2448, 8315, 4051, 6008, 6851, 2673, 2849, 2422},
		O3:             {4898, 1685, 9801, 3720, 4156, 8933, 1921, 1024, 1187},
		O4Mini:         {4218, 2011, 11339, 3760, 4473, 8760, 2809, 1470, 1401},
		Gemini25Pro:    {8210, 7783, 7107, 5459, 12769, 8756, 3378, 3475, 2696},
		Grok4:          {5961, 5024, 10802, 4942, 8705, 10226, 3079, 2567, 2431},
	}
}
