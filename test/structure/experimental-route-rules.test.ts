import * as standard from '../../lib/k8s/imports/gateway-api';
import { experimentalRule } from '../../lib/k8s/expose/experimental-route-rules';

// The experimental channel's HTTPRoute rules are the standard ones with each enum mapped to the experimental
// channel's member of the same value: the written JSON is the same, field for field.
test('every enum-typed field of a rule keeps its value on the experimental channel', () => {
  const S = standard;
  const redirect = {
    scheme: S.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
    statusCode: S.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
    path: { type: S.HttpRouteSpecRulesFiltersRequestRedirectPathType.REPLACE_PREFIX_MATCH, replacePrefixMatch: '/' },
  };
  const rule: standard.HttpRouteSpecRules = {
    name: 'r',
    matches: [
      {
        path: { type: S.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/api' },
        headers: [{ name: 'x', value: 'y', type: S.HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION }],
        queryParams: [{ name: 'q', value: '1', type: S.HttpRouteSpecRulesMatchesQueryParamsType.EXACT }],
        method: S.HttpRouteSpecRulesMatchesMethod.PATCH,
      },
    ],
    filters: [
      { type: S.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT, requestRedirect: redirect },
      {
        type: S.HttpRouteSpecRulesFiltersType.URL_REWRITE,
        urlRewrite: {
          path: { type: S.HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_FULL_PATH, replaceFullPath: '/' },
        },
      },
      {
        type: S.HttpRouteSpecRulesFiltersType.CORS,
        cors: { allowMethods: [S.HttpRouteSpecRulesFiltersCorsAllowMethods.GET], allowOrigins: ['https://a.example'] },
      },
    ],
    backendRefs: [
      {
        name: 'web',
        port: 80,
        weight: 1,
        filters: [
          {
            type: S.HttpRouteSpecRulesBackendRefsFiltersType.REQUEST_HEADER_MODIFIER,
            requestHeaderModifier: { set: [{ name: 'a', value: 'b' }] },
          },
        ],
      },
    ],
    timeouts: { request: '10s' },
  };
  const written = (o: unknown) => JSON.parse(JSON.stringify(o));
  expect(written(experimentalRule(rule))).toEqual(written(rule));
  expect(experimentalRule(rule).filters![0].requestRedirect!.statusCode).toBe(301);
  expect(experimentalRule({ name: 'empty' })).toEqual(written({ name: 'empty' }));
});
