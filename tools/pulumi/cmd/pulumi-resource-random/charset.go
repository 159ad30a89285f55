package main

import (
	"crypto/rand"
	"fmt"
	"math/big"

	"golang.org/x/crypto/bcrypt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	lowerChars   = "abcdefghijklmnopqrstuvwxyz"
	upperChars   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	numericChars = "0123456789"
	// terraform-provider-random's default special characters.
	specialChars = "!@#$%&*()-_=+[]{}<>:?"
)

type charset struct {
	length                                     int
	lower, upper, numeric, special             bool
	minLower, minUpper, minNumeric, minSpecial int
	overrideSpecial                            string
}

var boolDefaults = []resource.PropertyKey{"lower", "upper", "numeric", "number", "special"}
var intDefaults = []resource.PropertyKey{"minLower", "minUpper", "minNumeric", "minSpecial"}

// checkCharset fills terraform-provider-random's defaults in and reports what is invalid, naming the property.
func checkCharset(news resource.PropertyMap) (resource.PropertyMap, []*pulumirpc.CheckFailure) {
	inputs := news.Copy()
	var failures []*pulumirpc.CheckFailure
	fail := func(property, reason string) {
		failures = append(failures, &pulumirpc.CheckFailure{Property: property, Reason: reason})
	}
	for _, k := range boolDefaults {
		v, ok := inputs[k]
		switch {
		case !ok || v.IsNull():
			inputs[k] = resource.NewProperty(true)
		case v.ContainsUnknowns() || v.IsBool():
		default:
			fail(string(k), fmt.Sprintf("%s must be a boolean", k))
		}
	}
	for _, k := range intDefaults {
		v, ok := inputs[k]
		switch {
		case !ok || v.IsNull():
			inputs[k] = resource.NewProperty(0.0)
		case v.ContainsUnknowns():
		case !isWholeNumber(v) || v.NumberValue() < 0:
			fail(string(k), fmt.Sprintf("%s must be a whole number of at least 0", k))
		}
	}
	length, ok := inputs["length"]
	switch {
	case !ok || length.IsNull():
		fail("length", "Missing required property 'length'")
	case length.ContainsUnknowns():
	case !isWholeNumber(length) || length.NumberValue() < 1:
		fail("length", "length must be a whole number of at least 1")
	}
	if v, ok := inputs["overrideSpecial"]; ok && !v.IsNull() && !v.ContainsUnknowns() && !v.IsString() {
		fail("overrideSpecial", "overrideSpecial must be a string")
	}
	if v, ok := inputs["keepers"]; ok && !v.IsNull() && !v.ContainsUnknowns() && !v.IsObject() {
		fail("keepers", "keepers must be a map of strings")
	}
	if len(failures) == 0 && !inputs.ContainsUnknowns() {
		if c, err := charsetFrom(inputs); err != nil {
			fail("length", err.Error())
		} else if minimum := c.minLower + c.minUpper + c.minNumeric + c.minSpecial; minimum > c.length {
			fail("length", fmt.Sprintf("length (%d) is less than the sum of the minimums (%d)", c.length, minimum))
		}
	}
	return inputs, failures
}

func isWholeNumber(v resource.PropertyValue) bool {
	return v.IsNumber() && v.NumberValue() == float64(int64(v.NumberValue()))
}

func charsetFrom(inputs resource.PropertyMap) (charset, error) {
	boolOf := func(k resource.PropertyKey) bool { v, ok := inputs[k]; return !ok || !v.IsBool() || v.BoolValue() }
	intOf := func(k resource.PropertyKey) int {
		if v, ok := inputs[k]; ok && v.IsNumber() {
			return int(v.NumberValue())
		}
		return 0
	}
	c := charset{
		length: intOf("length"),
		lower:  boolOf("lower"), upper: boolOf("upper"), special: boolOf("special"),
		// `number` is the deprecated name of `numeric`: either one set to false turns digits off.
		numeric:  boolOf("numeric") && boolOf("number"),
		minLower: intOf("minLower"), minUpper: intOf("minUpper"), minNumeric: intOf("minNumeric"),
		minSpecial: intOf("minSpecial"),
	}
	if v, ok := inputs["overrideSpecial"]; ok && v.IsString() {
		c.overrideSpecial = v.StringValue()
	}
	if c.alphabet() == "" {
		return c, fmt.Errorf("no characters to choose from: lower, upper, numeric and special are all false")
	}
	return c, nil
}

func (c charset) specials() string {
	if c.overrideSpecial != "" {
		return c.overrideSpecial
	}
	return specialChars
}

func (c charset) alphabet() string {
	var all string
	if c.lower {
		all += lowerChars
	}
	if c.upper {
		all += upperChars
	}
	if c.numeric {
		all += numericChars
	}
	if c.special {
		all += c.specials()
	}
	return all
}

// generate draws the minimums of each class first, fills up from every enabled class, then shuffles, as
// terraform-provider-random does; all draws come from crypto/rand.
func generate(c charset) (string, error) {
	var out []byte
	for _, part := range []struct {
		chars string
		n     int
	}{
		{lowerChars, c.minLower}, {upperChars, c.minUpper}, {numericChars, c.minNumeric}, {c.specials(), c.minSpecial},
	} {
		for i := 0; i < part.n; i++ {
			b, err := pick(part.chars)
			if err != nil {
				return "", err
			}
			out = append(out, b)
		}
	}
	all := c.alphabet()
	for len(out) < c.length {
		b, err := pick(all)
		if err != nil {
			return "", err
		}
		out = append(out, b)
	}
	for i := len(out) - 1; i > 0; i-- {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		if err != nil {
			return "", err
		}
		out[i], out[j.Int64()] = out[j.Int64()], out[i]
	}
	return string(out), nil
}

func pick(chars string) (byte, error) {
	i, err := rand.Int(rand.Reader, big.NewInt(int64(len(chars))))
	if err != nil {
		return 0, fmt.Errorf("reading random bytes: %w", err)
	}
	return chars[i.Int64()], nil
}

func bcryptHash(value string) (string, error) {
	if len(value) > 72 {
		value = value[:72] // bcrypt's own limit; terraform-provider-random hashes the same prefix
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(value), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("bcrypt: %w", err)
	}
	return string(hash), nil
}
