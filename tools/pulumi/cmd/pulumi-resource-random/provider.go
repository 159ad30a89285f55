package main

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	passwordType = "random:index/randomPassword:RandomPassword"
	stringType   = "random:index/randomString:RandomString"
)

type randomProvider struct {
	pulumirpc.UnimplementedResourceProviderServer
}

var marshal = plugin.MarshalOptions{KeepUnknowns: true, SkipNulls: true}

func (p *randomProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (p *randomProvider) Handshake(
	context.Context, *pulumirpc.ProviderHandshakeRequest,
) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{}, nil
}

func (p *randomProvider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *randomProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (p *randomProvider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	// Secrets arrive unwrapped; the engine marks `result` secret again from @pulumi/random's additionalSecretOutputs.
	return &pulumirpc.ConfigureResponse{AcceptSecrets: false}, nil
}

func (p *randomProvider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if err := supported(req.GetType()); err != nil {
		return nil, err
	}
	news, err := plugin.UnmarshalProperties(req.GetNews(), marshal)
	if err != nil {
		return nil, err
	}
	inputs, failures := checkCharset(news)
	out, err := plugin.MarshalProperties(inputs, marshal)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: out, Failures: failures}, nil
}

// Diff: every input of terraform-provider-random's string resources forces a new value.
func (p *randomProvider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := plugin.UnmarshalProperties(req.GetOldInputs(), marshal)
	if err != nil {
		return nil, err
	}
	news, err := plugin.UnmarshalProperties(req.GetNews(), marshal)
	if err != nil {
		return nil, err
	}
	var replaces []string
	for key := range inputKeys(olds, news) {
		o, n := olds[key], news[key]
		if n.ContainsUnknowns() || !o.DeepEquals(n) {
			replaces = append(replaces, string(key))
		}
	}
	if len(replaces) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Replaces: replaces, Diffs: replaces}, nil
}

func (p *randomProvider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	if err := supported(req.GetType()); err != nil {
		return nil, err
	}
	inputs, err := plugin.UnmarshalProperties(req.GetProperties(), marshal)
	if err != nil {
		return nil, err
	}
	if req.GetPreview() {
		outs := inputs.Copy()
		outs["result"] = resource.MakeComputed(resource.NewProperty(""))
		if req.GetType() == passwordType {
			outs["bcryptHash"] = resource.MakeComputed(resource.NewProperty(""))
		}
		props, err := plugin.MarshalProperties(outs, marshal)
		return &pulumirpc.CreateResponse{Properties: props}, err
	}
	settings, err := charsetFrom(inputs)
	if err != nil {
		return nil, err
	}
	value, err := generate(settings)
	if err != nil {
		return nil, err
	}
	outs := inputs.Copy()
	outs["result"] = resource.NewProperty(value)
	id := value // a RandomString's id is its value, as in terraform-provider-random
	if req.GetType() == passwordType {
		hash, err := bcryptHash(value)
		if err != nil {
			return nil, err
		}
		outs["bcryptHash"] = resource.NewProperty(hash)
		id = "none" // a password's id must not reveal it
	}
	props, err := plugin.MarshalProperties(outs, marshal)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Read (refresh) keeps what was generated: there is nothing outside the state to read.
func (p *randomProvider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	inputs := req.GetInputs()
	if inputs == nil {
		inputs = inputsOf(req.GetProperties())
	}
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: inputs}, nil
}

// Update is never needed (every change replaces), but the engine may call it for a change of no input.
func (p *randomProvider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	return &pulumirpc.UpdateResponse{Properties: req.GetOlds()}, nil
}

func (p *randomProvider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func supported(typ string) error {
	if typ == passwordType || typ == stringType {
		return nil
	}
	return fmt.Errorf("%s is not provided by this project's stand-in random plugin (tools/pulumi), which serves "+
		"RandomPassword and RandomString only; with the Pulumi CLI installed, Pulumi's own plugin serves every type", typ)
}

func inputKeys(maps ...resource.PropertyMap) map[resource.PropertyKey]struct{} {
	keys := map[resource.PropertyKey]struct{}{}
	for _, m := range maps {
		for k := range m {
			if k != "result" && k != "bcryptHash" {
				keys[k] = struct{}{}
			}
		}
	}
	return keys
}

// inputsOf strips the generated outputs from a resource's state, leaving what the program declared.
func inputsOf(props *structpb.Struct) *structpb.Struct {
	if props == nil {
		return nil
	}
	fields := map[string]*structpb.Value{}
	for k, v := range props.GetFields() {
		if k != "result" && k != "bcryptHash" {
			fields[k] = v
		}
	}
	return &structpb.Struct{Fields: fields}
}
