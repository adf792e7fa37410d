package ossruntime

import (
	"net/http"
	"testing"
)

func TestRuntimeEscapeAndSortedQuery(t *testing.T) {
	for in, want := range map[string]string{"a b/c~d": "a%20b/c~d", "é": "%C3%A9", "A-Z_a.z~09": "A-Z_a.z~09", "+&=": "%2B%26%3D"} {
		if got := escape(in, true); got != want {
			t.Errorf("escape(%q, true) = %q, want %q", in, got, want)
		}
	}
	if got := escape("a/b", false); got != "a%2Fb" {
		t.Errorf("escape without keepSlash: %q", got)
	}
	var q []queryParam
	queryInt64(&q, "position", 5)
	queryString(&q, "b c", "d&e")
	queryString(&q, "unset", "") // an optional parameter left empty is not sent
	queryBool(&q, "flag2", true)
	q = append(q, queryParam{name: "append", flag: true})
	if got, want := sortedQuery(q), "append&b%20c=d%26e&flag2=true&position=5"; got != want {
		t.Errorf("sortedQuery = %q, want %q", got, want)
	}
}

// sortedQuery sorts a copy only: the caller's parameters keep their order, and parameters already
// in order (an append's) cost the query string alone.
func TestRuntimeSortedQueryLeavesItsInputAndAllocatesTheStringOnly(t *testing.T) {
	q := []queryParam{{name: "position", value: "5"}, {name: "b c", value: "d&e"}, {name: "append", flag: true}, {name: "b c", value: "2"}}
	if got, want := sortedQuery(q), "append&b%20c=d%26e&b%20c=2&position=5"; got != want {
		t.Errorf("sortedQuery = %q, want %q (stable: equal names keep their order)", got, want)
	}
	if q[0].name != "position" || q[2].name != "append" || q[3].value != "2" {
		t.Errorf("sortedQuery reordered its input: %+v", q)
	}
	inOrder := []queryParam{{name: "append", flag: true}, {name: "position", value: "1048576"}}
	if got := sortedQuery(inOrder); got != "append&position=1048576" {
		t.Errorf("sortedQuery = %q", got)
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = sortedQuery(inOrder) }); allocs != 1 {
		t.Errorf("sortedQuery of parameters in order made %v allocations, want 1 (the string)", allocs)
	}
	if got := sortedQuery(nil); got != "" {
		t.Errorf("sortedQuery(nil) = %q", got)
	}
}

func TestRuntimeHeaderSetters(t *testing.T) {
	h := http.Header{}
	setHeader(h, "Empty", "")
	setHeaderInt64(h, "Unset", nil)
	v := int64(-3)
	setHeaderInt64(h, "Set", &v)
	setHeaderUint64Value(h, "U", 18446744073709551615)
	setHeaderBoolValue(h, "B", false)
	setHeaderMap(h, "x-meta-", map[string]string{"MixedCase": "v"})
	if _, ok := h["Empty"]; ok {
		t.Error("an empty string header is not sent")
	}
	if _, ok := h["Unset"]; ok {
		t.Error("an unset pointer is not sent")
	}
	if h.Get("Set") != "-3" || h.Get("U") != "18446744073709551615" || h.Get("B") != "false" || h.Get("x-meta-mixedcase") != "v" {
		t.Errorf("headers: %v", h)
	}
	if p := Ptr(7); *p != 7 {
		t.Error("Ptr")
	}
}
