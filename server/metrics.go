package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/VictoriaMetrics/metrics"
)

// metricsServer serves Prometheus text at /metrics.
type metricsServer struct {
	srv *http.Server
	set *metrics.Set
}

// startMetrics listens on addr and serves the server's metrics: command
// counts by name, hits and misses, connections, memory used and limit,
// items, evictions (from the same counters stats reports), plus Go runtime
// and process metrics.
func startMetrics(s *Server, addr string) (*metricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	m := &metricsServer{set: metrics.NewSet()}
	mux := http.NewServeMux()
	// Go's profiler, for measuring Corvid in place (the listener is loopback by default).
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		s.writeMetrics(w)
		metrics.WriteProcessMetrics(w)
	})
	m.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = m.srv.Serve(ln) }()
	return m, nil
}

func (m *metricsServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = m.srv.Shutdown(ctx)
}

// writeMetrics writes the server's own metrics in Prometheus text format.
func (s *Server) writeMetrics(w io.Writer) {
	c := s.stats.sum()
	st := s.eng.Stats()
	cmd := func(name string, v uint64) {
		metrics.WriteCounterUint64(w, fmt.Sprintf(`corvid_commands_total{protocol="memcached",command=%q}`, name), v)
	}
	cmd("get", c[stCmdGet])
	cmd("set", c[stCmdSet])
	cmd("touch", c[stCmdTouch])
	cmd("flush", c[stCmdFlush])
	cmd("meta", c[stCmdMeta])
	cmd("delete", c[stDeleteHits]+c[stDeleteMisses])
	cmd("incr", c[stIncrHits]+c[stIncrMisses])
	cmd("decr", c[stDecrHits]+c[stDecrMisses])
	cmd("cas", c[stCasHits]+c[stCasMisses]+c[stCasBadval])
	metrics.WriteCounterUint64(w, `corvid_commands_total{protocol="redis",command="all"}`, c[stRespCommands])
	metrics.WriteCounterUint64(w, `corvid_get_hits_total`, c[stGetHits])
	metrics.WriteCounterUint64(w, `corvid_get_misses_total`, c[stGetMisses])
	metrics.WriteCounterUint64(w, `corvid_get_expired_total`, c[stGetExpired])
	metrics.WriteCounterUint64(w, `corvid_redis_keyspace_hits_total`, c[stRespKeyspaceHits])
	metrics.WriteCounterUint64(w, `corvid_redis_keyspace_misses_total`, c[stRespKeyspaceMisses])
	metrics.WriteCounterUint64(w, `corvid_read_bytes_total`, c[stBytesRead])
	metrics.WriteCounterUint64(w, `corvid_written_bytes_total`, c[stBytesWritten])
	metrics.WriteGaugeUint64(w, `corvid_connections`, uint64(s.currConns.Load()))
	metrics.WriteCounterUint64(w, `corvid_connections_total`, s.totalConn.Load())
	metrics.WriteCounterUint64(w, `corvid_connections_rejected_total`, s.rejected.Load())
	metrics.WriteGaugeUint64(w, `corvid_items`, uint64(st.Items))
	metrics.WriteCounterUint64(w, `corvid_items_total`, st.TotalItems)
	metrics.WriteGaugeUint64(w, `corvid_item_bytes`, uint64(st.Bytes))
	metrics.WriteGaugeUint64(w, `corvid_memory_used_bytes`, uint64(st.Pages)<<20)
	metrics.WriteGaugeUint64(w, `corvid_memory_limit_bytes`, uint64(st.Limit))
	metrics.WriteGaugeUint64(w, `corvid_index_bytes`, uint64(st.IndexBytes))
	metrics.WriteCounterUint64(w, `corvid_evictions_total`, st.Evictions)
	metrics.WriteCounterUint64(w, `corvid_expired_reclaimed_total`, st.Reclaimed)
	metrics.WriteCounterUint64(w, `corvid_slab_pages_moved_total`, st.PageMoves)
	s.latency.write(w)
}

// latencySample is how often a connection times a command for the latency
// histograms (1 in latencySample), so that timing costs nothing measurable.
const latencySample = 32

// latencies holds command latency histograms (seconds) by protocol and
// command, sampled.
type latencies struct {
	set  *metrics.Set
	mc   [numMCCommands]*metrics.Histogram
	resp *metrics.Histogram
}

func newLatencies() *latencies {
	l := &latencies{set: metrics.NewSet()}
	for i, c := range mcCommands {
		if c.Handler != nil {
			l.mc[i] = l.set.NewHistogram(fmt.Sprintf(`corvid_command_duration_seconds{protocol="memcached",command=%q}`, c.Name))
		}
	}
	l.resp = l.set.NewHistogram(`corvid_command_duration_seconds{protocol="redis",command="all"}`)
	return l
}

func (l *latencies) write(w io.Writer) { l.set.WritePrometheus(w) }
