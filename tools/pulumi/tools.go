//go:build tools

// Package tools pins the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) in this module's go.mod and go.sum,
// at the version of @pulumi/pulumi in package-lock.json, so that `go build` of it here is reproducible and checked.
// The language host and the random plugin under cmd/ are this project's own (see their package comments).
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
