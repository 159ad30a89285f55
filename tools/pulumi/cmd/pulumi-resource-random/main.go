// pulumi-resource-random is this project's own stand-in for the `random` resource plugin that @pulumi/random needs.
//
// Why our own: the Go module proxy these machines reach does not serve github.com/pulumi/pulumi-random/provider/v4
// (403 for every version asked, its list included), so Pulumi's bridged build of terraform-provider-random cannot be
// made here. This plugin serves the two resources a stack of this project uses, RandomPassword and RandomString,
// with terraform-provider-random's inputs, defaults and lifecycle: a value is generated on create, never changes on
// refresh or update, and any change of an input (keepers included) replaces the resource, which generates a new
// value. Any other random resource fails at check, naming this plugin. Users of the real Pulumi CLI get Pulumi's
// own plugin, which the CLI downloads; nothing in the project depends on this one.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is stamped at build time (-X main.version=…) with the version that the locked @pulumi/random names.
var version = ""

func main() {
	if version == "" {
		fmt.Fprintln(os.Stderr, "pulumi-resource-random: built without a version (-ldflags -X main.version=…)")
		os.Exit(1)
	}
	err := provider.Main("random", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &randomProvider{}, nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-random: %v\n", err)
		os.Exit(1)
	}
}
