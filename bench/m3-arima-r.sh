#!/bin/sh
# bench/m3-arima-r.sh — R's forecast::auto.arima() on the M3 series, scored
# as m3-bench scores (sMAPE and MASE per subset, mean over series and
# horizons). auto.arima takes about a second per monthly series, so
# monthly runs on every STEP'th series only (default 7; 1 for all);
# m3-bench -v gives ours per series for the same subset.
#
#   bench/m3-arima-r.sh [STEP]
#
# Needs R with the forecast package: a benchmark peer, never a dependency.
set -eu
data=${SALES_M3:-/work/shared/data/m3}
step=${1:-7}
script=$(mktemp "${TMPDIR:-/tmp}/m3-arima-r.XXXXXX")
trap 'rm -f "$script"' EXIT INT TERM
cat >"$script" <<'X'
suppressMessages(library(forecast))
library(parallel)
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; step <- as.integer(args[2])
ser <- read.csv(file.path(dir, "m3-series.csv"), stringsAsFactors = FALSE)
tr <- read.csv(file.path(dir, "m3-train.csv"), stringsAsFactors = FALSE)
te <- read.csv(file.path(dir, "m3-test.csv"), stringsAsFactors = FALSE)
keep <- ser$period != "monthly" | (seq_len(nrow(ser)) %% step == 0)
ser <- ser[keep, ]
trs <- split(tr$value, tr$series); tes <- split(te$value, te$series)
freq <- c(yearly = 1, quarterly = 4, monthly = 12)
one <- function(i) {
  s <- ser[i, ]; m <- freq[[s$period]]
  y <- ts(trs[[s$series]], frequency = m); a <- tes[[s$series]]
  f <- as.numeric(forecast(auto.arima(y), h = s$h)$mean)
  sc <- mean(abs(diff(as.numeric(y), lag = m)))
  data.frame(series = s$series, period = s$period,
             smape = mean(200 * abs(a - f) / (abs(a) + abs(f))), mase = mean(abs(a - f)) / sc)
}
res <- do.call(rbind, mclapply(seq_len(nrow(ser)), one, mc.cores = detectCores()))
write.csv(res, "m3-arima-r.csv", row.names = FALSE)
for (p in c("yearly", "quarterly", "monthly")) {
  r <- res[res$period == p, ]
  cat(sprintf("%-10s auto.arima %4d series  sMAPE %6.2f  MASE %6.3f\n", p, nrow(r),
              mean(r$smape), mean(r$mase)))
}
X
Rscript "$script" "$data" "$step"
