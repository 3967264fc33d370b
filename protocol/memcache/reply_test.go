package memcache

import "testing"

func TestReplies(t *testing.T) {
	f := func(got []byte, want string) {
		t.Helper()
		if string(got) != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	f(AppendValue(nil, []byte("foo"), 5, 3, false, 0), "VALUE foo 5 3\r\n")
	f(AppendValue(nil, []byte("foo"), 4294967295, 0, true, 18446744073709551615), "VALUE foo 4294967295 0 18446744073709551615\r\n")
	f(AppendUintLine(nil, 10), "10\r\n")
	f(AppendStat(nil, "version", "1.6.45"), "STAT version 1.6.45\r\n")
	f(AppendStatUint(nil, "curr_items", 7), "STAT curr_items 7\r\n")
	f(AppendStatInt(nil, "time_in_listen_disabled_us", -1), "STAT time_in_listen_disabled_us -1\r\n")
	f(AppendClientError(nil, "bad data chunk"), ReplyBadDataChunk)
	f(AppendServerError(nil, "object too large for cache"), ReplyTooLarge)

	// Observed on memcached 1.6.18 after "set foo 5 0 3":
	// "mg foo v f t c s k h l O123" -> "VA 3 f5 t-1 c1 s3 kfoo h1 l0 O123".
	var p Parser
	var req Request
	if _, err := p.Next([]byte("mg foo v f t c s k h l O123\r\n"), &req); err != nil {
		t.Fatal(err)
	}
	it := MetaItem{Key: req.Key, CAS: 1, Flags: 5, Size: 3, TTL: -1, Fetched: true}
	dst := AppendMetaVA(nil, 3)
	dst = req.Meta.AppendReturnFlags(dst, MetaReturnGetHit, &it)
	f(append(dst, "\r\n"...), "VA 3 f5 t-1 c1 s3 kfoo h1 l0 O123\r\n")
	// A miss echoes only O and k: "EN O123 kfoo".
	dst = append([]byte(nil), "EN"...)
	dst = req.Meta.AppendReturnFlags(dst, MetaReturnMiss, &it)
	f(dst, "EN kfoo O123")

	// Base64 keys are echoed encoded, followed by b (1.6.45 META_KEY).
	if _, err := p.Next([]byte("ms a2V5 2 b k c s q O9\r\nhi\r\n"), &req); err != nil {
		t.Fatal(err)
	}
	it = MetaItem{Key: req.Key, KeyBinary: req.Meta.Base64(), CAS: 7, Size: 2}
	dst = append([]byte(nil), "HD"...)
	dst = req.Meta.AppendReturnFlags(dst, MetaReturnSet, &it)
	f(dst, "HD ka2V5 b c7 s2 O9")
	f(AppendMetaFlag(AppendMetaInt(AppendMetaUint(nil, 'c', 4), 't', -1), 'W'), " c4 t-1 W")
	f(AppendMetaOpaque(nil, []byte("x")), " Ox")
	f(AppendMetaDebug(nil, []byte("k"), false, -1, 2, 29, false, 1, 62), "ME k exp=-1 la=2 cas=29 fetch=no cls=1 size=62\r\n")
	f(AppendMetaDebug(nil, []byte("key"), true, 10, 0, 1, true, 2, 70), "ME a2V5 exp=10 la=0 cas=1 fetch=yes cls=2 size=70\r\n")
}

func TestAppendRequest(t *testing.T) {
	for _, in := range []string{
		"get a b\r\n", "gats 5 k\r\n", "set k 1 -2 3 noreply\r\nabc\r\n", "cas k 0 0 1 9\r\nx\r\n",
		"incr k 5\r\n", "touch k 3 noreply\r\n", "delete k noreply\r\n", "stats items\r\n",
		"flush_all 10 noreply\r\n", "mg a2V5 b k v O1 T3 M\r\n", "ms k 2 MS F3 c\r\nab\r\n",
		"ma k D3 J4 N5 MI\r\n", "me a2V5 b\r\n", "mn\r\n", "version\r\n", "quit\r\n",
	} {
		var p Parser
		var req Request
		if _, err := p.Next([]byte(in), &req); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got := string(AppendRequest(nil, &req)); got != in {
			t.Errorf("AppendRequest(parse(%q)) = %q", in, got)
		}
	}
}

func TestCommandNames(t *testing.T) {
	for c := Command(0); c < numCommands; c++ {
		if c.String() == "" {
			t.Errorf("command %d has no name", c)
		}
	}
	if Command(200).String() != "unknown" || !Set.IsStorage() || !MetaSet.IsStorage() || Get.IsStorage() || !MetaNoop.IsMeta() {
		t.Error("command predicates")
	}
}
