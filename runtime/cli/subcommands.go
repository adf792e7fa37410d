package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
)

// operationCommand turns one operation of the model into a subcommand: a flag per input member
// (a body member reads a file, `-` standard input), an optional `scheme://bucket/key` argument for
// the bucket and key members, and the result's members printed (or its body written).
func operationCommand(op *operation) command {
	var flags []flagSpec
	for _, m := range op.Inputs {
		flags = append(flags, flagSpec{Name: m.Flag, Value: m.Kind != kindBoolean, Repeated: m.Kind == kindMap, Enum: m.Enum, Doc: m.Doc})
	}
	args := ""
	if hasTargets(op.Inputs) {
		args = "[" + urlScheme + "://BUCKET/KEY]"
	}
	if outputBody(op) != nil {
		flags = append(flags, flagSpec{Name: "output", Value: true, Doc: text{"Write the body to this file instead of standard output.", "将响应体写入此文件，而不是标准输出。"}})
	}
	return command{Name: op.Name, Args: args, Summary: op.Summary, Doc: op.Doc, Flags: flags, run: func(c *invocation) error { return runOperation(c, op) }}
}

func hasTargets(members []member) bool {
	for _, m := range members {
		if m.Target != "" {
			return true
		}
	}
	return false
}

func outputBody(op *operation) *member {
	for i := range op.Outputs {
		if op.Outputs[i].Kind == kindBlob {
			return &op.Outputs[i]
		}
	}
	return nil
}

// parseObjectURL reads `scheme://bucket/key`.
func parseObjectURL(s string) (bucket, key string, err error) {
	rest, ok := strings.CutPrefix(s, urlScheme+"://")
	if !ok {
		return "", "", usagef("%q is not %s://BUCKET/KEY", s, urlScheme)
	}
	bucket, key, _ = strings.Cut(rest, "/")
	if bucket == "" || key == "" {
		return "", "", usagef("%q names no bucket or no key (%s://BUCKET/KEY)", s, urlScheme)
	}
	return bucket, key, nil
}

func runOperation(c *invocation, op *operation) error {
	in := op.newInput()
	target := map[string]string{}
	switch len(c.p.args) {
	case 0:
	case 1:
		if !hasTargets(op.Inputs) {
			return usagef("%s takes no arguments", op.Name)
		}
		bucket, key, err := parseObjectURL(c.p.args[0])
		if err != nil {
			return err
		}
		target["bucket"], target["key"] = bucket, key
	default:
		return usagef("%s takes at most one argument", op.Name)
	}
	var closers []io.Closer
	defer func() {
		for _, cl := range closers {
			cl.Close()
		}
	}()
	for _, m := range op.Inputs {
		values, given := c.p.values[m.Flag]
		if !given && m.Target != "" && target[m.Target] != "" {
			values, given = []string{target[m.Target]}, true
		}
		if !given {
			if m.Required {
				return usagef("%s needs --%s", op.Name, m.Flag)
			}
			continue
		}
		closer, err := setInput(in, m, values, c.io.in)
		if err != nil {
			return err
		}
		if closer != nil {
			closers = append(closers, closer)
		}
	}
	api, err := c.service()
	if err != nil {
		return err
	}
	out, err := op.call(c.ctx, api, in)
	if err != nil {
		return err
	}
	if body := outputBody(op); body != nil {
		rc, _ := fieldOf(out, body.Field).Interface().(io.ReadCloser)
		if rc != nil {
			defer rc.Close()
			path := c.p.get("output")
			var w io.Writer = c.io.out
			if path != "" && path != "-" {
				f, err := os.Create(path)
				if err != nil {
					return &localError{err}
				}
				defer f.Close()
				w = f
			}
			if _, err := io.Copy(w, rc); err != nil {
				return err
			}
			if path == "" || path == "-" {
				// Standard output holds the bytes: the fields would corrupt them.
				return nil
			}
		}
	}
	return printResult(c, out, op.Outputs)
}

// setInput sets the request field of member m from its flag's values.
func setInput(in any, m member, values []string, stdin io.Reader) (io.Closer, error) {
	field := fieldOf(in, m.Field)
	if !field.IsValid() {
		return nil, fmt.Errorf("internal: the request has no field %s", m.Field)
	}
	last := values[len(values)-1]
	switch m.Kind {
	case kindString:
		field.SetString(last)
	case kindInt64:
		n, err := strconv.ParseInt(last, 10, 64)
		if err != nil {
			return nil, usagef("--%s: %q is not an integer", m.Flag, last)
		}
		setNumber(field, reflect.ValueOf(n))
	case kindUint64:
		n, err := strconv.ParseUint(last, 10, 64)
		if err != nil {
			return nil, usagef("--%s: %q is not an unsigned integer", m.Flag, last)
		}
		setNumber(field, reflect.ValueOf(n))
	case kindBoolean:
		b, err := strconv.ParseBool(last)
		if err != nil {
			return nil, usagef("--%s: %q is not true or false", m.Flag, last)
		}
		setNumber(field, reflect.ValueOf(b))
	case kindMap:
		entries := map[string]string{}
		for _, v := range values {
			name, value, ok := strings.Cut(v, "=")
			if !ok || name == "" {
				return nil, usagef("--%s: %q is not NAME=VALUE", m.Flag, v)
			}
			entries[name] = value
		}
		field.Set(reflect.ValueOf(entries))
	case kindBlob:
		if last == "-" {
			field.Set(reflect.ValueOf(stdin))
			return nil, nil
		}
		f, err := os.Open(last)
		if err != nil {
			return nil, &localError{err}
		}
		field.Set(reflect.ValueOf(io.Reader(f)))
		return f, nil
	}
	return nil, nil
}

// setNumber sets a field of v's type, or a pointer to one (an optional member).
func setNumber(field, v reflect.Value) {
	if field.Kind() == reflect.Pointer {
		p := reflect.New(field.Type().Elem())
		p.Elem().Set(v.Convert(field.Type().Elem()))
		field.Set(p)
		return
	}
	field.Set(v.Convert(field.Type()))
}

// fieldOf is the named field of the struct x points to.
func fieldOf(x any, name string) reflect.Value {
	v := reflect.ValueOf(x)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	return v.FieldByName(name)
}

// resultFields are the printable members of a result, in the model's order, without the empty ones.
func resultFields(out any, members []member) []struct {
	m     member
	value any
} {
	var fields []struct {
		m     member
		value any
	}
	for _, m := range members {
		if m.Kind == kindBlob {
			continue
		}
		f := fieldOf(out, m.Field)
		if !f.IsValid() {
			continue
		}
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				continue
			}
			f = f.Elem()
		}
		var value any
		switch f.Kind() {
		case reflect.String:
			if f.String() == "" {
				continue
			}
			value = f.String()
		case reflect.Int, reflect.Int64, reflect.Int32:
			value = f.Int()
		case reflect.Uint, reflect.Uint64, reflect.Uint32:
			// As a string: JSON numbers above 2^53 lose digits in most readers.
			value = strconv.FormatUint(f.Uint(), 10)
		case reflect.Bool:
			value = f.Bool()
		case reflect.Map:
			if f.Len() == 0 {
				continue
			}
			entries := map[string]string{}
			iter := f.MapRange()
			for iter.Next() {
				entries[iter.Key().String()] = iter.Value().String()
			}
			value = entries
		default:
			continue
		}
		fields = append(fields, struct {
			m     member
			value any
		}{m, value})
	}
	return fields
}

// printResult prints a result: `name: value` lines, or one JSON object keyed by the model's names.
func printResult(c *invocation, out any, members []member) error {
	fields := resultFields(out, members)
	if c.json {
		obj := map[string]any{}
		for _, f := range fields {
			obj[f.m.ID] = f.value
		}
		return writeJSON(c.io.out, obj)
	}
	for _, f := range fields {
		if entries, ok := f.value.(map[string]string); ok {
			for _, k := range sortedKeys(entries) {
				fmt.Fprintf(c.io.out, "%s.%s: %s\n", f.m.ID, k, entries[k])
			}
			continue
		}
		fmt.Fprintf(c.io.out, "%s: %v\n", f.m.ID, f.value)
	}
	return nil
}

// writeJSON prints one JSON value on one line (keys sorted: encoding/json sorts map keys).
func writeJSON(w io.Writer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// intField reads an integer field (or a pointer to one) of a result; ok is false when it is absent.
func intField(x any, name string) (int64, bool) {
	f := fieldOf(x, name)
	if f.IsValid() && f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return 0, false
		}
		f = f.Elem()
	}
	switch {
	case !f.IsValid():
		return 0, false
	case f.CanInt():
		return f.Int(), true
	case f.CanUint():
		return int64(f.Uint()), true
	}
	return 0, false
}

// uintField reads an unsigned field (or a pointer to one) of a result; ok is false when it is absent.
func uintField(x any, name string) (uint64, bool) {
	f := fieldOf(x, name)
	if f.IsValid() && f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return 0, false
		}
		f = f.Elem()
	}
	if !f.IsValid() || !f.CanUint() {
		return 0, false
	}
	return f.Uint(), true
}

// stringField reads a string field (of any string type) of a result.
func stringField(x any, name string) string {
	f := fieldOf(x, name)
	if !f.IsValid() || f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

// describeObject reads what the tasks need from the probe's result: the length (the next append
// position, else the content length), the CRC-64 when the answer has one, and whether the object
// accepts appends (its type is the appendable one; a model without object types says nothing).
func describeObject(out any, nextPositionField, lengthField, crcField, typeField, appendable string) objectInfo {
	info := objectInfo{Exists: true, Appendable: true, Result: out}
	if n, ok := intField(out, nextPositionField); ok {
		info.Length = n
	} else if n, ok := intField(out, lengthField); ok {
		info.Length = n
	}
	if crcField != "" {
		info.CRC64, info.CRCKnown = uintField(out, crcField)
	}
	if typeField != "" {
		info.Appendable = stringField(out, typeField) == appendable
	}
	return info
}
