//go:build tools

// Package tools pins Pulumi's YAML language host (github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) in this
// module's go.mod and go.sum, so that `go build` of it here is reproducible and checked.
//
// Why a module of its own, apart from tools/pulumi: pulumi-yaml v1.25.0 (the newest version the Go module proxy
// serves) does not compile against github.com/pulumi/pulumi/pkg/v3 v3.276.0, the CLI's version (schema and plugin
// APIs changed), so it is built at the pkg/v3 and sdk/v3 versions it requires itself (v3.206.0). The host talks to the
// CLI over gRPC only, and the protocol is compatible across these versions.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
