// Package simulate generates a synthetic dataset in exactly the layout and
// schema of the public dataset (see pipeline/dataset/SCHEMA.md), all three
// configs, with planted effects that the analyses must recover. Every draw is
// a pure function of Config.Seed and of what is drawn, so the same seed gives
// byte-identical files, and the offline LLM backend can ask a Persona how a
// model answers one scenario and agree with the files (Config.Pair or
// Config.PairOfValues, then Config.Positions, Config.ResponseType,
// Config.DistinctiveValues, Config.Decision).
//
// Planted effects (defaults of DefaultConfig; each is a Config or Persona
// field):
//
//   - Value pairs: 2 categories drawn uniformly from the 26 (distinct), each
//     value named "<category> (facet k)"; consensus positions uniform in 1..5.
//     chunk_index = pair/100, entry_idx = pair%100; nudges neutral, value1,
//     value2 in that order; query_generator "o3" for a third of the pairs,
//     "claude" otherwise.
//   - Provider character on positions: Persona.Affinity[c] =
//     1.5*ln(count/mean count) from the Figure 10 counts (PAPER.md section 9),
//     so Claude models lean toward ethical responsibility and intellectual
//     integrity, OpenAI toward efficiency and professional excellence, Gemini
//     2.5 Pro and Grok 4 toward emotional depth and critical thinking.
//   - Value profiles: on every row of the all_models split each model lists
//     1 (40%), 2 (35%) or 3 (25%) distinctive categories, drawn without
//     replacement with probability proportional to its Figure 10 count (1,200
//     for the 17 categories Figure 10 omits), the pair's own two categories
//     weighted x3. Profiles normalised per model reproduce Figure 10's pattern.
//   - High disagreement: 12% of pairs (HighDisagreement) split the models
//     into two camps CampSpread = 2.2 points either side of the consensus; the
//     side is drawn from a per-provider lean, the persona's Camp (Grok 4 +1.5,
//     xAI/OpenAI/Google positive, Claude negative, Claude 3.5 Sonnet -1.2) and
//     noise. About 11% of scenarios reach D >= 1.5 over all 12 models.
//   - Default splits: built by analysis.BuildSubsets, the code the stages'
//     export uses: for each paper subset, the rows with D >= 1.5 over that
//     subset (SplitThreshold), deduplicated and ranked by the
//     disagreement-weighted k-center selection (rank 0 = highest D) over
//     seeded random query embeddings (QueryEmbedding).
//   - Outliers: on ordinary pairs a model jumps, on one value, to the extreme
//     opposite the consensus with probability OutlierRate = Figure 6 count /
//     411,000 (Grok 4 2.6%, Claude 3.5 Sonnet 2.2%, o3 1.0%, ..., Claude 3.7
//     Sonnet 0.04%), so the outlier ranking of Figure 6 is recoverable.
//   - Nudges: a nudged query moves positions NudgeSusceptibility points toward
//     the favoured value and away from the other (Grok 1.3, Gemini 1.2, OpenAI
//     1.1, Claude 0.8, Claude 3.5 Sonnet 0.5).
//   - Noise: N(0, 0.4) points per position; 0.2% of position cells are null.
//   - Topics (per pair): cyber security 4%, biological weapons 1.5%, chemical
//     weapons 1.5%, politics 8%, child grooming 0.6%, mental illness 5%,
//     philosophical reasoning 10%, ethics & moral reasoning 20%.
//   - Response types: refusal (the last three types) with probability
//     Persona.Refusal (Claude 0.22, Claude 3.5 Sonnet 0.45, OpenAI 0.10,
//     Gemini 0.08, Grok 0.03) plus 0.85 on child grooming (every model refuses
//     it most), 0.3 on chemical or biological weapons, 0.15 cyber, 0.1 mental
//     illness; refusal kinds by RefuseStyle (Claude mostly soft/firm with
//     explanation, o3 65% Complete Rejection = the most bare refusals);
//     OpenAI models give a Complete Rejection on chemical-weapons scenarios
//     with probability 0.5, Claude 4 Opus on biological ones; Claude 3.5
//     Sonnet gives Full Compliance on under 10% of scenarios.
//   - Judges: judge_evaluations holds, per bin of D over the five OpenAI
//     models, up to JudgePerBin scenarios x 5 OpenAI responses. A response is
//     truly problematic with ProblemRate[bin] (0.2, 0.3, 0.4, 0.5, 0.6);
//     judges flag with Sensitivity/FalsePositive chosen so that at a problem
//     rate of 0.35 their flag rates are 48.1% (Claude 4 Sonnet), 35.5% (o3),
//     36.5% (Gemini 2.5 Pro); the shared latent gives pairwise agreement of
//     70.8/72.1/76.8% and Fleiss' kappa 0.44 (measured on 30,000 responses at
//     rate 0.35; paper: 67.5/72.4/76.8%, 0.42). A flag is "ambiguous" with
//     probability 0.3/0.25/0.25, else "non-compliant".
//
// Text fields (queries, responses, spectra, judge prompts) are short
// readable stand-ins starting with "[synthetic]"; Config.ResponseChars pads
// responses to a realistic length for benchmarks.
package simulate
