#!/bin/sh
# bench/arima-vs-r.sh — the ARIMA model `forecast --method arima` chooses
# beside R's forecast::auto.arima() on a handful of public series (R's own
# datasets and a few M3 series), with each one's forecast sMAPE on the last
# h values held out.
#
#   bench/arima-vs-r.sh
#
# Needs R with the forecast package (apt-get install r-base-core
# r-cran-forecast): a benchmark peer, never a dependency of salesutils.
# M3 series are read from $SALES_M3 or /work/shared/data/m3 when present.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
make -C "$root" --no-print-directory build/bin/forecast >&2
dir=$(mktemp -d "${TMPDIR:-/tmp}/arima-vs-r.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
m3=${SALES_M3:-/work/shared/data/m3}

cat >"$dir/r.R" <<'X'
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; m3 <- args[2]
sets <- list(AirPassengers = AirPassengers, UKgas = UKgas, USAccDeaths = USAccDeaths,
             nottem = nottem, lynx = lynx, Nile = Nile, WWWusage = WWWusage, LakeHuron = LakeHuron)
if (file.exists(file.path(m3, "m3-train.csv"))) {
  tr <- read.csv(file.path(m3, "m3-train.csv"), stringsAsFactors = FALSE)
  ser <- read.csv(file.path(m3, "m3-series.csv"), stringsAsFactors = FALSE)
  for (id in c("N0001", "N0700", "N1402", "N1500", "N2000", "N2500")) {
    s <- ser[ser$series == id, ]
    f <- c(yearly = 1, quarterly = 4, monthly = 12)[[s$period]]
    sets[[id]] <- ts(tr$value[tr$series == id], frequency = f, start = c(2000, 1))
  }
}
for (nm in names(sets)) {
  y <- sets[[nm]]; m <- frequency(y); n <- length(y)
  h <- if (m == 12) 12 else if (m == 4) 8 else 6
  fit <- auto.arima(head(y, n - h))
  f <- as.numeric(forecast(fit, h = h)$mean); a <- as.numeric(tail(y, h))
  tt <- time(y)
  lab <- if (m == 12) sprintf("%d-%02d", floor(tt + 1e-6), cycle(y)) else
    if (m == 4) sprintf("%d-Q%d", floor(tt + 1e-6), cycle(y)) else sprintf("%d", floor(tt + 1e-6))
  write.csv(data.frame(period = head(lab, n - h), value = head(as.numeric(y), n - h)),
            file.path(dir, paste0(nm, ".csv")), row.names = FALSE, quote = FALSE)
  write(as.numeric(tail(y, h)), file.path(dir, paste0(nm, ".test")), ncolumns = 1)
  cat(sprintf("%s\t%d\t%s\t%.2f\n", nm, h, gsub(" ", "_", as.character(fit)),
              mean(200 * abs(a - f) / (abs(a) + abs(f)))), file = file.path(dir, "r.tsv"),
      append = TRUE)
}
X
Rscript "$dir/r.R" "$dir" "$m3"
printf '%-14s %-40s %7s  %-40s %7s\n' series "R auto.arima" sMAPE "forecast --method arima" sMAPE
while IFS="$(printf '\t')" read -r name h rmodel rsmape; do
    "$root/build/bin/forecast" - --method arima --horizon "$h" -f csv <"$dir/$name.csv" >"$dir/out"
    model=$(tail -n 1 "$dir/out" | awk -F, '{ print $NF }' | tr -d '"' | tr ' ' _)
    ours=$(cut -d, -f2 "$dir/out" | tail -n +2 | paste -d, - "$dir/$name.test" |
        awk -F, '{ d = ($1 < 0 ? -$1 : $1) + ($2 < 0 ? -$2 : $2); e = $1 - $2; if (e < 0) e = -e;
                   if (d > 0) s += 200 * e / d; n++ } END { printf "%.2f", s / n }')
    printf '%-14s %-40s %7s  %-40s %7s\n' "$name" "$rmodel" "$rsmape" "$model" "$ours"
done <"$dir/r.tsv"
