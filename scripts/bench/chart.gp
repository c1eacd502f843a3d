# The chart of BENCHMARKS.md, drawn by scripts/bench.sh from report.py's data files:
#   gnuplot -e "datadir='DIR'; outfile='FILE.svg'" scripts/bench/chart.gp
# A panel whose data this run did not produce (a smoke run, no batch command) says so
# instead of failing the whole chart.

# noenhanced: names such as hello_hyper are text, not subscripts.
set terminal svg size 1100,1200 dynamic noenhanced font "sans,11" background rgb "white"
set output outfile
set style fill solid 0.8 border -1
set grid ytics lc rgb "#dddddd"
set key top left Left reverse noopaque

has(name) = system("test -s '" . datadir . "/" . name . "' && echo 1 || echo 0") eq "1"
file(name) = datadir . "/" . name

# An empty panel with a note, so that the layout stays the same.
empty(title) = sprintf("set title '%s'; unset xtics; unset ytics; unset border; set xrange [0:1]; set yrange [0:1]; set label 99 'not measured in this run' at 0.5,0.5 center; plot 2 notitle; unset label 99; set border; set xtics; set ytics; set autoscale", title)

set multiplot layout 3,2 title "peki: scripts/bench.sh (see BENCHMARKS.md for the run and the machine)" font ",13"

# 1. One message: median with p10..p90, log scale.
set title "1. One message: median wall time (ms, log), p10-p90 bars"
if (has("one.dat")) {
  set logscale y
  set xtics font ",9"
  set yrange [*:*]
  set boxwidth 0.6
  plot file("one.dat") using 1:3:xtic(2) with boxes lc rgb "#4477aa" notitle, \
       "" using 1:3:4:5 with yerrorbars lc rgb "black" pt 0 notitle
  unset logscale y
  set xtics font ",11"
} else { eval empty("1. One message") }

# 2. Batch: messages/s against N, one line per --parallel, with separate sends below.
set title "2. Messages/s against N (sandbox with added latency)"
if (has("batch.dat")) {
  set logscale x
  set xlabel "N messages"
  set key center right
  plot file("batch.dat") index 0 using 1:2 with linespoints lw 2 title "batch -P 1", \
       "" index 1 using 1:2 with linespoints lw 2 title "batch -P 2", \
       "" index 2 using 1:2 with linespoints lw 2 title "batch -P 4", \
       "" index 3 using 1:2 with linespoints lw 2 title "batch -P 8", \
       "" index 4 using 1:2 with linespoints lw 2 lc rgb "black" title "separate sends (extrapolated)"
  unset logscale x
  unset xlabel
  set key top left
} else { eval empty("2. peki batch") }

# 3. Peak RSS against the payload size.
set title "3. Peak RSS (MiB) against message and reply size"
if (has("payload.dat")) {
  set logscale x
  set xlabel "payload (KiB)"
  set key bottom right
  set yrange [0:*]
  plot file("payload.dat") using 1:2 with linespoints lw 2 title "peki send", \
       "" using 1:3 with linespoints lw 2 title "curl"
  unset logscale x
  unset xlabel
  set yrange [*:*]
  set key top left
} else { eval empty("3. Payload size") }

# 4. peki serve under wrk, next to its ceiling.
set title "5. Verified requests/s (thousands) under wrk"
if (has("wrk.dat")) {
  set style data histogram
  set style histogram clustered gap 1
  set yrange [0:*]
  plot file("wrk.dat") using 2:xtic(sprintf("%d connections", column(1))) title "peki serve -q" lc rgb "#4477aa", \
       "" using 3 title "hello_hyper (ceiling)" lc rgb "#bbbbbb"
  set style data points
  set yrange [*:*]
} else { eval empty("5. peki serve under wrk") }

# 5 and 6. Release-profile variants: size and instructions.
set title "6. Release-profile variants: stripped size (MB)"
if (has("variants.dat")) {
  set xtics font ",9"
  set boxwidth 0.6
  set yrange [0:*]
  plot file("variants.dat") using 1:3:xtic(2) with boxes lc rgb "#228833" notitle
  set title "6. Release-profile variants: instructions per send (millions)"
  plot file("variants.dat") using 1:4:xtic(2) with boxes lc rgb "#ccbb44" notitle
  set xtics font ",11"
} else {
  eval empty("6. Release-profile variants: size")
  eval empty("6. Release-profile variants: instructions")
}

unset multiplot
