#!/bin/sh
# bench/m3.sh — forecasting accuracy and speed on the M3 competition data.
#
#   bench/m3.sh [--vs-r] [m3-bench options]
#
# Builds build/tools/m3-bench and runs it on the M3 data: $SALES_M3, else
# ../shared/data/m3 next to the repository, else /work/shared/data/m3.
# Options go to m3-bench: -m METHODS, -s SUBSETS, -i (intervals and their
# coverage), -V (score on a validation split of the training data).
#
# --vs-r also runs R's forecast package (ets() and thetaf()) on the same
# series and prints its figures for comparison; it installs r-base-core and
# r-cran-forecast with apt-get when they are missing (as root, or through
# sudo). R is only a benchmark peer, never a dependency of salesutils.
# M3_R_SUBSETS (default yearly,quarterly,monthly) limits what R runs: it
# takes about a second per monthly series. Per-series R results go to
# build/m3-r.csv.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
vs_r=0
if [ "${1:-}" = "--vs-r" ]; then
    vs_r=1
    shift
fi

data=${SALES_M3:-}
if [ -z "$data" ]; then
    for d in "$root/../shared/data/m3" /work/shared/data/m3; do
        if [ -f "$d/m3-series.csv" ]; then
            data=$(cd "$d" && pwd)
            break
        fi
    done
fi
if [ -z "$data" ] || [ ! -f "$data/m3-series.csv" ]; then
    echo "m3.sh: no M3 data found; set SALES_M3 to the directory with m3-series.csv" >&2
    exit 1
fi

make -C "$root" --no-print-directory build/tools/m3-bench >&2
echo "M3 data: $data"
echo "machine: $(uname -m), $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
"$root/build/tools/m3-bench" "$@" "$data"

[ "$vs_r" = 1 ] || exit 0

if ! Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
    echo "m3.sh: installing R and its forecast package (benchmark only): apt-get install r-base-core r-cran-forecast" >&2
    if [ "$(id -u)" = 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "m3.sh: not root and no sudo: install r-base-core and r-cran-forecast yourself" >&2
        exit 1
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq r-base-core r-cran-forecast
fi

script=$(mktemp "${TMPDIR:-/tmp}/m3-r.XXXXXX")
trap 'rm -f "$script"' EXIT INT TERM
cat >"$script" <<'EOF'
# ets() and thetaf() from R's forecast package on the M3 series, scored as
# m3-bench scores (sMAPE and MASE per subset, mean over series and horizons).
suppressMessages(library(forecast))
library(parallel)
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; out <- args[2]; subsets <- strsplit(args[3], ",")[[1]]
ser <- read.csv(file.path(dir, "m3-series.csv"), stringsAsFactors = FALSE)
tr <- read.csv(file.path(dir, "m3-train.csv"), stringsAsFactors = FALSE)
te <- read.csv(file.path(dir, "m3-test.csv"), stringsAsFactors = FALSE)
ser <- ser[ser$period %in% subsets, ]
trs <- split(tr$value, tr$series)
tes <- split(te$value, te$series)
freq <- c(yearly = 1, quarterly = 4, monthly = 12)
one <- function(i) {
  s <- ser[i, ]; m <- freq[[s$period]]
  y <- ts(trs[[s$series]], frequency = m); a <- tes[[s$series]]; h <- s$h
  t0 <- proc.time()[["elapsed"]]
  fit <- ets(y)
  f1 <- as.numeric(forecast(fit, h = h, PI = FALSE)$mean)
  t1 <- proc.time()[["elapsed"]]
  f2 <- as.numeric(thetaf(y, h = h)$mean)
  sc <- mean(abs(diff(as.numeric(y), lag = m)))
  sm <- function(f) mean(200 * abs(a - f) / (abs(a) + abs(f)))
  ms <- function(f) mean(abs(a - f)) / sc
  data.frame(series = s$series, period = s$period, model = fit$method,
             ets_smape = sm(f1), ets_mase = ms(f1), theta_smape = sm(f2),
             theta_mase = ms(f2), ets_secs = t1 - t0)
}
res <- do.call(rbind, mclapply(seq_len(nrow(ser)), one, mc.cores = detectCores()))
write.csv(res, out, row.names = FALSE)
cat(sprintf("\nR %s, forecast %s (%d cores in parallel; seconds are per series)\n",
            getRversion(), packageVersion("forecast"), detectCores()))
cat(sprintf("%-10s %-8s %7s %6s %9s\n", "subset", "method", "sMAPE", "MASE", "s/series"))
for (p in c("yearly", "quarterly", "monthly")) {
  r <- res[res$period == p, ]
  if (nrow(r) == 0) next
  cat(sprintf("%-10s %-8s %7.2f %6.3f %9.3f\n", p, "ets", mean(r$ets_smape), mean(r$ets_mase),
              mean(r$ets_secs)))
  cat(sprintf("%-10s %-8s %7.2f %6.3f\n", p, "thetaf", mean(r$theta_smape), mean(r$theta_mase)))
}
EOF
mkdir -p "$root/build"
echo
echo "running R's ets() and thetaf() on ${M3_R_SUBSETS:-yearly,quarterly,monthly} (slow)..." >&2
Rscript "$script" "$data" "$root/build/m3-r.csv" "${M3_R_SUBSETS:-yearly,quarterly,monthly}"
