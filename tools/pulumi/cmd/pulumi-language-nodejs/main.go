// pulumi-language-nodejs is this project's own Node.js language host for the Pulumi engine.
//
// Why our own: the Go module proxy these machines reach does not serve Pulumi's
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 answers 403 for every version), while
// github.com/pulumi/pulumi/sdk/v3, which defines the protocol, is served. A language host only has to start the
// program: `node <@pulumi/pulumi>/cmd/run` with the engine's addresses as flags and the stack config in the
// environment; everything else happens between that Node process and the engine. So this host implements what
// `pulumi preview/up/refresh/destroy` need (Run, GetRequiredPackages, GetPluginInfo, Handshake) and answers
// Unimplemented for the rest (templates, `pulumi convert`, `pulumi install`, `pulumi about`'s dependency list,
// Node.js policy packs and plugins), which the engine either tolerates or reports as such.
//
// Users with the Pulumi CLI installed use Pulumi's own host: nothing in the project depends on this one.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The exit code with which @pulumi/pulumi's cmd/run says "the error was already reported to the engine".
const exitAfterReportedError = 32

func main() {
	flag.String("tracing", "", "accepted for compatibility; tracing is not forwarded")
	flag.String("root", "", "accepted for compatibility; the engine's Handshake or RunRequest gives the directories")
	flag.Parse()

	host := &nodeHost{}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[len(args)-1] // the engine passes its address as the last positional argument
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OTelServerInterceptorOptions(),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start its gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Println(handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages lists the resource plugins that the program's npm dependencies declare (a package.json with
// `"pulumi": {"resource": true}`), so that the engine can check they are installed before the program runs.
func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	deps, err := pluginDependencies(programDirectory(req.GetInfo(), ""))
	if err != nil {
		return nil, err
	}
	packages := make([]*pulumirpc.PackageDependency, 0, len(deps))
	for _, d := range deps {
		packages = append(packages, &pulumirpc.PackageDependency{
			Kind: "resource", Name: d.name, Version: d.version, Server: d.server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

func (h *nodeHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	deps, err := pluginDependencies(programDirectory(req.GetInfo(), req.GetPwd()))
	if err != nil {
		return nil, err
	}
	plugins := make([]*pulumirpc.PluginDependency, 0, len(deps))
	for _, d := range deps {
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Kind: "resource", Name: d.name, Version: d.version, Server: d.server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// Run starts the program under @pulumi/pulumi's cmd/run and waits for it. The program talks to the engine itself;
// its stdout and stderr go to ours, which the engine shows.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := programDirectory(req.GetInfo(), req.GetPwd())
	runScript, err := resolveRunScript(ctx, dir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	args := []string{}
	if opts := runtimeOption(req.GetInfo(), "nodeargs"); opts != "" {
		args = append(args, strings.Fields(opts)...)
	}
	args = append(args, runScript)
	flagIf := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagIf("monitor", req.GetMonitorAddress())
	flagIf("engine", engine)
	flagIf("organization", req.GetOrganization())
	flagIf("project", req.GetProject())
	flagIf("stack", req.GetStack())
	flagIf("pwd", firstNonEmpty(req.GetPwd(), dir))
	flagIf("root-directory", req.GetInfo().GetRootDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flagIf("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	args = append(args, firstNonEmpty(req.GetInfo().GetEntryPoint(), req.GetProgram(), "."))
	args = append(args, req.GetArgs()...)

	env, err := programEnvironment(req)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterReportedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v (is Node.js on PATH?)", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// programEnvironment is ours plus what @pulumi/pulumi reads: the stack config and the names of its secret keys as
// JSON, and the TypeScript settings of Pulumi.yaml's `runtime.options`.
func programEnvironment(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, fmt.Errorf("could not serialize the stack config: %w", err)
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, fmt.Errorf("could not serialize the secret config keys: %w", err)
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	if runtimeOption(req.GetInfo(), "typescript") != "false" {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig := runtimeOption(req.GetInfo(), "tsconfig"); tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}

// resolveRunScript finds @pulumi/pulumi's cmd/run as Node would from the program's directory.
func resolveRunScript(ctx context.Context, dir string) (string, error) {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		return p, nil
	}
	cmd := exec.CommandContext(ctx, "node", "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf(
			"could not find @pulumi/pulumi from %s (run npm install there; Node.js must be on PATH): %v", dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func programDirectory(info *pulumirpc.ProgramInfo, pwd string) string {
	if dir := firstNonEmpty(info.GetProgramDirectory(), pwd); dir != "" {
		return dir
	}
	wd, _ := os.Getwd()
	return wd
}

func runtimeOption(info *pulumirpc.ProgramInfo, name string) string {
	switch v := info.GetOptions().GetFields()[name].GetKind().(type) {
	case *structpb.Value_StringValue:
		return v.StringValue
	case *structpb.Value_BoolValue:
		return strconv.FormatBool(v.BoolValue)
	default:
		return ""
	}
}

type pluginDependency struct{ name, version, server string }

// pluginDependencies reads node_modules/*/package.json and node_modules/@scope/*/package.json under dir: npm
// installs every package that provides a plugin at the top level unless two versions conflict, which the engine
// would then report when the program registers a resource of the other version.
func pluginDependencies(dir string) ([]pluginDependency, error) {
	root := filepath.Join(dir, "node_modules")
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("reading %s: %w", root, err)
	}
	var packageDirs []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if strings.HasPrefix(name, "@") {
			scoped, err := os.ReadDir(filepath.Join(root, name))
			if err != nil {
				continue
			}
			for _, s := range scoped {
				packageDirs = append(packageDirs, filepath.Join(root, name, s.Name()))
			}
			continue
		}
		packageDirs = append(packageDirs, filepath.Join(root, name))
	}
	var deps []pluginDependency
	for _, p := range packageDirs {
		d, ok, err := readPluginPackage(filepath.Join(p, "package.json"))
		if err != nil {
			return nil, err
		}
		if ok {
			deps = append(deps, d)
		}
	}
	return deps, nil
}

func readPluginPackage(file string) (pluginDependency, bool, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return pluginDependency{}, false, nil
	} else if err != nil {
		return pluginDependency{}, false, fmt.Errorf("reading %s: %w", file, err)
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Pulumi  struct {
			Resource bool   `json:"resource"`
			Name     string `json:"name"`
			Version  string `json:"version"`
			Server   string `json:"server"`
		} `json:"pulumi"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		return pluginDependency{}, false, fmt.Errorf("%s is not valid JSON: %w", file, err)
	}
	if !pkg.Pulumi.Resource {
		return pluginDependency{}, false, nil
	}
	name := firstNonEmpty(pkg.Pulumi.Name, strings.TrimPrefix(strings.TrimPrefix(pkg.Name, "@pulumi/"), "@"))
	v := firstNonEmpty(pkg.Pulumi.Version, pkg.Version)
	if v != "" && !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	return pluginDependency{name: name, version: v, server: pkg.Pulumi.Server}, true, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
