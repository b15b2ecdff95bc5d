#!/bin/sh
# bench/seasonal-check.sh — the forecasting methods on strongly seasonal
# public series (R's own datasets), by rolling origin, beside R's ets(),
# auto.arima() and thetaf() scored the same way.
#
#   bench/seasonal-check.sh [ORIGINS]
#
# Each series is cut at ORIGINS (default 6) consecutive origins, the last
# one leaving h values (h = 12 monthly, 8 quarterly); every method is
# fitted to the history up to each origin and scored on the next h values
# by sMAPE and by MASE (scaled by the history's mean absolute seasonal
# difference), as `forecast --backtest` scores. Needs R with the forecast
# package (apt-get install r-base-core r-cran-forecast): a benchmark peer,
# never a dependency of salesutils.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
origins=${1:-6}
make -C "$root" --no-print-directory build/bin/forecast >&2
dir=$(mktemp -d "${TMPDIR:-/tmp}/seasonal-check.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

cat >"$dir/r.R" <<'X'
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; origins <- as.integer(args[2])
sets <- c("AirPassengers", "UKgas", "USAccDeaths", "nottem", "ldeaths", "JohnsonJohnson",
          "UKDriverDeaths", "co2")
res <- NULL
for (nm in sets) {
  y <- get(nm); m <- frequency(y); h <- if (m == 12) 12 else 8; n <- length(y)
  tt <- time(y)
  lab <- if (m == 12) sprintf("%d-%02d", floor(tt + 1e-6), cycle(y)) else
    sprintf("%d-Q%d", floor(tt + 1e-6), cycle(y))
  write.csv(data.frame(period = lab, value = as.numeric(y)), file.path(dir, paste0(nm, ".csv")),
            row.names = FALSE, quote = FALSE)
  cat(nm, m, h, "\n", file = file.path(dir, "sets.txt"), append = TRUE)
  for (i in 0:(origins - 1)) {
    len <- n - h - origins + 1 + i
    tr <- ts(as.numeric(y)[1:len], frequency = m, start = start(y))
    a <- as.numeric(y)[(len + 1):(len + h)]
    sc <- mean(abs(diff(as.numeric(tr), lag = if (len > m) m else 1)))
    fc <- list(ets = forecast(ets(tr), h = h)$mean,
               auto.arima = forecast(auto.arima(tr), h = h)$mean,
               thetaf = thetaf(tr, h = h)$mean)
    for (k in names(fc)) {
      f <- as.numeric(fc[[k]])
      res <- rbind(res, data.frame(series = nm, method = paste("R", k),
                                   smape = mean(200 * abs(a - f) / (abs(a) + abs(f))),
                                   mase = mean(abs(a - f)) / sc))
    }
  }
}
agg <- aggregate(cbind(smape, mase) ~ series + method, res, mean)
write.csv(agg, file.path(dir, "r.csv"), row.names = FALSE, quote = FALSE)
X
Rscript "$dir/r.R" "$dir" "$origins"

methods="auto ensemble select comb theta arima"
{
    echo "series,method,smape,mase"
    while read -r name m h; do
        "$root/build/bin/forecast" - --backtest="$origins" --horizon "$h" -f csv <"$dir/$name.csv" |
            awk -F, -v s="$name" -v want=" $methods " 'NR > 1 && index(want, " " $1 " ") {
                print s "," $1 "," $2 "," $3 }'
    done <"$dir/sets.txt"
    tail -n +2 "$dir/r.csv"
} >"$dir/all.csv"

# one row per series, one column pair per method; the mean over the series last
awk -F, -v ours="$methods" '
    BEGIN { nm = split(ours, meth, " ")
            meth[++nm] = "R ets"; meth[++nm] = "R auto.arima"; meth[++nm] = "R thetaf" }
    NR > 1 { if (!($1 in seen)) { seen[$1] = 1; ser[++ns] = $1 }
             sm[$1, $2] = $3; ma[$1, $2] = $4; tsm[$2] += $3; tma[$2] += $4; cnt[$2]++ }
    END {
        printf "sMAPE (MASE) by rolling origin\n%-15s", "series"
        for (i = 1; i <= nm; i++) printf " %15s", meth[i]
        printf "\n"
        for (j = 1; j <= ns; j++) {
            printf "%-15s", ser[j]
            for (i = 1; i <= nm; i++) printf " %7.2f (%5.3f)", sm[ser[j], meth[i]], ma[ser[j], meth[i]]
            printf "\n"
        }
        printf "%-15s", "mean"
        for (i = 1; i <= nm; i++) printf " %7.2f (%5.3f)", tsm[meth[i]] / cnt[meth[i]], tma[meth[i]] / cnt[meth[i]]
        printf "\n"
    }' "$dir/all.csv"
