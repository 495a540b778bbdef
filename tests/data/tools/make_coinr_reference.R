# Writes COINr's outputs for the ASEM example to tests/data/coinr/ (17 significant digits), so that
# the composite tests can check libcchc's convention = "coinr" against COINr without R.
#
#   Rscript tests/data/tools/make_coinr_reference.R            (from the repository root)
#
# Needs R with COINr 1.1.14 (R CMD INSTALL of the package source of github.com/bluefoxr/COINr,
# commit b968203; its dependencies from Debian: r-cran-openxlsx, r-cran-rlang, r-cran-ggplot2,
# r-cran-readxl). What each file holds: tests/data/coinr/README.md.
suppressPackageStartupMessages(library(COINr))
stopifnot(packageVersion("COINr") == "1.1.14")

out_dir <- file.path("tests", "data", "coinr")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

# Numbers with 17 significant digits (enough to round-trip a double), NA for missing.
write_table <- function(df, name) {
  df <- as.data.frame(df)
  for (column in names(df)) {
    if (is.numeric(df[[column]])) {
      values <- df[[column]]
      df[[column]] <- ifelse(is.na(values), "NA", sprintf("%.17g", values))
    } else if (is.logical(df[[column]])) {
      df[[column]] <- ifelse(is.na(df[[column]]), "NA", ifelse(df[[column]], "TRUE", "FALSE"))
    } else {
      df[[column]] <- ifelse(is.na(df[[column]]), "NA", as.character(df[[column]]))
    }
  }
  utils::write.csv(df, file.path(out_dir, name), row.names = FALSE, quote = TRUE)
}

# The ASEM example as this repository ships it.
iData <- utils::read.csv(file.path("examples", "data", "composite", "asem_iData.csv"),
                         stringsAsFactors = FALSE, check.names = FALSE)
iMeta <- utils::read.csv(file.path("examples", "data", "composite", "asem_iMeta.csv"),
                         stringsAsFactors = FALSE, check.names = FALSE)
levels4 <- c("Indicator", "Pillar", "Sub-index", "Index")

# ---- COINr's build_example_coin pipeline on the repository's CSV ---------------------------
# The same calls as COINr's build_example_coin() (R/examples.R), on the CSV copy; checked below
# against build_example_coin() itself on COINr's bundled data.
coin <- new_coin(iData, iMeta, level_names = levels4, quietly = TRUE)
coin <- Denominate(coin, dset = "Raw")
coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")
coin <- Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))
coin <- Normalise(coin, dset = "Treated",
                  global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")

bundled <- suppressWarnings(build_example_coin(quietly = TRUE))
ours <- get_dset(coin, "Aggregated")
theirs <- get_dset(bundled, "Aggregated")
stopifnot(identical(ours$uCode, theirs$uCode))
numeric_columns <- names(ours)[sapply(ours, is.numeric)]
difference <- max(abs(as.matrix(ours[numeric_columns]) - as.matrix(theirs[numeric_columns])),
                  na.rm = TRUE)
stopifnot(difference < 1e-9)
cat("build_example_coin vs the CSV copy: max |difference| of aggregated scores =", difference, "\n")

for (dset in c("Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated")) {
  write_table(get_dset(coin, dset), paste0("example_", tolower(dset), ".csv"))
}
write_table(coin$Analysis$Screened$DataSummary, "example_screen_summary.csv")
write_table(coin$Analysis$Treated$Dets_Table, "example_treat_details.csv")
treated_points <- data.frame(uCode = get_dset(coin, "Screened")$uCode,
                             coin$Analysis$Treated$Treated_Points, check.names = FALSE)
write_table(treated_points, "example_treat_points.csv")
# Ranks as COINr computes them for its results (rank_df: ties share the best rank).
write_table(COINr:::rank_df(get_dset(coin, "Aggregated")), "example_ranks.csv")

# ---- Treatment of the raw ASEM indicators, winmax 1 … 7 ------------------------------------
raw_coin <- new_coin(iData, iMeta, level_names = levels4, quietly = TRUE)
raw <- get_dset(raw_coin, "Raw")
indicators <- iMeta$iCode[iMeta$Type == "Indicator"]
moments <- data.frame(iCode = indicators,
                      skew = sapply(indicators, function(i) skew(raw[[i]], na.rm = TRUE)),
                      kurt = sapply(indicators, function(i) kurt(raw[[i]], na.rm = TRUE)))
write_table(moments, "asem_raw_moments.csv")
for (winmax in 1:7) {
  treated <- Treat(raw_coin, dset = "Raw", global_specs = list(f1_para = list(winmax = winmax)))
  write_table(get_dset(treated, "Treated"), sprintf("asem_treated_winmax%d.csv", winmax))
  write_table(treated$Analysis$Treated$Dets_Table, sprintf("asem_treat_details_winmax%d.csv", winmax))
}

# ---- Cronbach's alpha (pairwise-complete covariances) and PCA weights -----------------------
lineage <- coin$Meta$Lineage
alpha_rows <- list()
for (level in 2:3) {
  for (group in unique(lineage[[level]])) {
    for (dset in c("Raw", "Aggregated")) {
      if (dset == "Raw" && level > 2) next
      value <- get_cronbach(if (dset == "Raw") raw_coin else coin, dset = dset,
                            iCodes = group, Level = level - 1)
      alpha_rows[[length(alpha_rows) + 1]] <- data.frame(dset = dset, group = group, alpha = value)
    }
  }
}
write_table(do.call(rbind, alpha_rows), "asem_cronbach.csv")

pca_rows <- list()
for (spec in list(list(dset = "Normalised", level = 1), list(dset = "Aggregated", level = 2),
                  list(dset = "Raw", level = 1))) {
  source_coin <- if (spec$dset == "Raw") raw_coin else coin
  pca <- suppressWarnings(get_PCA(source_coin, dset = spec$dset, Level = spec$level,
                                  by_groups = TRUE, nowarnings = TRUE, out2 = "list"))
  for (group in names(pca$PCAresults)) {
    result <- pca$PCAresults[[group]]
    pca_rows[[length(pca_rows) + 1]] <- data.frame(
      dset = spec$dset, level = spec$level, group = group, iCode = result$iCodes,
      weight = result$wts, sdev1 = result$PCAres$sdev[1])
  }
}
write_table(do.call(rbind, pca_rows), "asem_pca_weights.csv")

# ---- Sensitivity analysis of the example pipeline -------------------------------------------
# Normalised to [1, 100] so that the geometric mean is defined; three discrete inputs.
sa_coin <- Normalise(coin, dset = "Treated",
                     global_specs = list(f_n = "n_minmax", f_n_para = list(c(1, 100))))
sa_coin <- Aggregate(sa_coin, dset = "Normalised", f_ag = "a_amean")
winmax_choices <- 1:5
normalise_choices <- list(list(f_n = "n_minmax", f_n_para = list(c(1, 100))),
                          list(f_n = "n_zscore", f_n_para = list(c(100, 10))))
aggregate_choices <- c("a_amean", "a_gmean")
SA_specs <- list(
  winmax = list(Address = "$Log$Treat$global_specs$f1_para$winmax",
                Distribution = winmax_choices, Type = "discrete"),
  normalisation = list(Address = "$Log$Normalise$global_specs",
                       Distribution = normalise_choices, Type = "discrete"),
  aggregation = list(Address = "$Log$Aggregate$f_ag",
                     Distribution = aggregate_choices, Type = "discrete"))
N <- 20
set.seed(20260318)
sample_matrix <- COINr:::SA_sample(N, length(SA_specs))
set.seed(20260318)
sa <- get_sensitivity(sa_coin, SA_specs = SA_specs, N = N, SA_type = "SA", dset = "Aggregated",
                      iCode = "Index", quietly = TRUE, check_addresses = FALSE)
choice_of <- function(values, choices) {
  sapply(values, function(v) which(sapply(choices, identical, v))) - 1L
}
sample_frame <- as.data.frame(sample_matrix)
names(sample_frame) <- names(SA_specs)
sample_frame$winmax_choice <- choice_of(sa$Para$winmax, as.list(winmax_choices))
sample_frame$normalisation_choice <- choice_of(sa$Para$normalisation, normalise_choices)
sample_frame$aggregation_choice <- choice_of(sa$Para$aggregation, as.list(aggregate_choices))
write_table(sample_frame, "sa_sample.csv")
write_table(sa$Scores, "sa_scores.csv")
write_table(sa$Ranks, "sa_ranks.csv")
write_table(sa$Sensitivity, "sa_indices.csv")
y_shift <- apply(sa$Ranks[!(names(sa$Ranks) %in% c("uCode", "Nominal"))], 2,
                 function(x) mean(abs(x - sa$Ranks$Nominal), na.rm = TRUE))
write_table(data.frame(run = seq_along(y_shift), mean_abs_rank_shift = y_shift), "sa_shift.csv")

cat("COINr", as.character(packageVersion("COINr")), "on", R.version.string, "\n")
