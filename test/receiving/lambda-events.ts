/**
 * Lambda proxy events as AWS delivers them, built around a table request: the shapes (every field, names and
 * nesting) are those of AWS's samples, as kept in aws-lambda-go's events/testdata (lambda-urls-request.json,
 * apigw-v2-request-no-authorizer.json, apigw-request.json) and typed by @types/aws-lambda, which the compiler holds
 * them to. What differs per event: a Function URL and an HTTP API (payload 2.0) lower-case header names and join a
 * header sent twice with a comma; a REST API (payload 1.0) keeps the names as sent and the lines apart in
 * `multiValueHeaders`; a body arrives as text, or base64 with `isBase64Encoded`.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TableRequest } from './deliveries';

/** Header lines as payload 2.0 has them: lower-case names, repeats joined with ",". */
function joinedHeaders(request: TableRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  return headers;
}

function body(request: TableRequest, base64: boolean): { body?: string; isBase64Encoded: boolean } {
  if (request.body === undefined) return { isBase64Encoded: false };
  return base64 ? { body: Buffer.from(request.body, 'utf8').toString('base64'), isBase64Encoded: true } : { body: request.body, isBase64Encoded: false };
}

const http = (method: string) => ({ method, path: '/goto/webhooks', protocol: 'HTTP/1.1', sourceIp: '123.123.123.123', userAgent: 'GoTo-Webhooks' });

/** A Function URL's event (payload 2.0), the body as text. */
export function functionUrlEvent(request: TableRequest): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/goto/webhooks',
    rawQueryString: '',
    headers: {
      'x-amzn-tls-version': 'TLSv1.3',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-forwarded-for': '123.123.123.123',
      host: 'abcdefghij.lambda-url.us-west-2.on.aws',
      ...joinedHeaders(request),
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'abcdefghij.lambda-url.us-west-2.on.aws',
      domainPrefix: 'abcdefghij',
      http: http(request.method),
      requestId: '4a5e3c7e-5a39-4b43-9a5e-7c2d3b1e0f11',
      routeKey: '$default',
      stage: '$default',
      time: '27/Nov/2026:15:52:14 +0000',
      timeEpoch: 1795794734123,
    },
    ...body(request, false),
  };
}

/** An API Gateway HTTP API's event (payload 2.0), the body base64-encoded as a binary media type. */
export function httpApiEvent(request: TableRequest): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /goto/webhooks',
    rawPath: '/goto/webhooks',
    rawQueryString: '',
    cookies: ['session=unrelated'],
    headers: {
      accept: '*/*',
      host: 'aaaaaaaaaa.execute-api.us-west-2.amazonaws.com',
      'x-amzn-trace-id': 'Root=1-5e9f0c65-1de4d666d4dd26aced652b6c',
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...joinedHeaders(request),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'aaaaaaaaaa',
      domainName: 'aaaaaaaaaa.execute-api.us-west-2.amazonaws.com',
      domainPrefix: 'aaaaaaaaaa',
      http: http(request.method),
      requestId: 'LV7fzho-PHcEJPw=',
      routeKey: 'POST /goto/webhooks',
      stage: '$default',
      time: '27/Nov/2026:15:52:14 +0000',
      timeEpoch: 1795794734123,
    },
    pathParameters: undefined,
    stageVariables: undefined,
    ...body(request, true),
  };
}

/** An API Gateway REST API's event (payload 1.0): header names as sent, each line kept in multiValueHeaders. */
export function restApiEvent(request: TableRequest): APIGatewayProxyEvent {
  const headers: Record<string, string> = { Host: 'gy415nuibc.execute-api.us-east-1.amazonaws.com', 'X-Forwarded-Proto': 'https' };
  const multiValueHeaders: Record<string, string[]> = { Host: [headers.Host!], 'X-Forwarded-Proto': ['https'] };
  for (const [name, value] of request.headers) {
    const sent = name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()); // X-Webhook-Signature
    headers[sent] = value; // the single-value map keeps the last line, as API Gateway does
    (multiValueHeaders[sent] ??= []).push(value);
  }
  return {
    resource: '/goto/webhooks',
    path: '/goto/webhooks',
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '12345678912',
      apiId: 'gy415nuibc',
      authorizer: undefined,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '192.168.196.186',
        user: null,
        userAgent: 'GoTo-Webhooks',
        userArn: null,
      },
      path: '/prod/goto/webhooks',
      protocol: 'HTTP/1.1',
      requestId: 'deef4878-7910-11e6-8f14-25afc3e9ae33',
      requestTimeEpoch: 1795794734123,
      resourceId: 'roq9wj',
      resourcePath: '/goto/webhooks',
      stage: 'prod',
    },
    body: request.body ?? null,
    isBase64Encoded: false,
  };
}
