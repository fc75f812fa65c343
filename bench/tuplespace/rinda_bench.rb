# Rinda over DRb (Ruby's standard library), measured as TupleSpaceBenchmark measures
# tuple-space-service: write/take ping-pong ops/s (4 operations a round) with PAIRS pinger/ponger
# pairs, each a process of its own, and the wake-up latency of a blocked take (from the writer's
# call to the taker's answer), and the round trip of one operation that finds nothing (the floor
# of every operation). The tuple space is a DRb server in a process of its own.
#   ruby rinda_bench.rb [rounds] [pairs] [wakeups] [port]
require 'drb/drb'
require 'rinda/tuplespace'

rounds = (ARGV[0] || 5000).to_i
pairs = (ARGV[1] || 1).to_i
wakeups = (ARGV[2] || 1000).to_i
port = (ARGV[3] || 18790).to_i
uri = "druby://127.0.0.1:#{port}"

server = fork do
  DRb.start_service(uri, Rinda::TupleSpace.new)
  DRb.thread.join
end
parent = Process.pid
at_exit { Process.kill('TERM', server) if Process.pid == parent rescue nil }
space = nil
50.times do
  begin
    DRb.start_service
    space = DRbObject.new_with_uri(uri)
    space.read_all([nil])
    break
  rescue DRb::DRbConnError
    sleep 0.1
  end
end

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

def ping_pong(uri, rounds, pairs, tag)
  pids = []
  pairs.times do |p|
    pids << fork do
      DRb.start_service
      ts = DRbObject.new_with_uri(uri)
      loop do
        _, _, i = ts.take([tag, "ping#{p}", Integer])
        break if i < 0
        ts.write([tag, "pong#{p}", i])
      end
    end
    pids << fork do
      DRb.start_service
      ts = DRbObject.new_with_uri(uri)
      rounds.times do |i|
        ts.write([tag, "ping#{p}", i])
        ts.take([tag, "pong#{p}", i])
      end
      ts.write([tag, "ping#{p}", -1])
    end
  end
  pids.each { |pid| Process.wait(pid) }
end

ping_pong(uri, [500, rounds].min, pairs, 'warm')
start = now
ping_pong(uri, rounds, pairs, 'bench')
ops = 4.0 * rounds * pairs / (now - start)

latencies = []
(wakeups + 100).times do |i|
  woken = nil
  taker = Thread.new do
    space.take(['wake', i])
    woken = now
  end
  sleep 0.003
  written = now
  space.write(['wake', i])
  taker.join
  latencies << (woken - written) * 1000.0 if i >= 100
end
latencies.sort!

# the floor of any operation: one round trip to the space (a read_all that finds nothing)
2000.times { space.read_all(['nothing']) }
start = now
probes = 5000
probes.times { space.read_all(['nothing']) }
round_trip_us = (now - start) / probes * 1e6
pct = ->(q) { latencies[[(latencies.size * q).ceil - 1, 0].max] }
printf("RESULT rinda pairs=%d ops/s=%.0f wakeup_p50_ms=%.3f wakeup_p99_ms=%.3f round_trip_us=%.1f\n", pairs, ops, pct.(0.50), pct.(0.99),
       round_trip_us)
