import { describe, expect, it } from 'vitest';
import { alertRulesCheck } from '../../../../src/scan/checks/alert-rules.js';
import { checkOnTmpRepo, fixture } from '../../../helpers/scan-repo.js';

const check = checkOnTmpRepo(alertRulesCheck);

describe('scan:alert-rules', () => {
  it('passes on a Prometheus rule file, with the alert line', async () => {
    const r = await check({}, { from: fixture('ops-ready') });
    expect(r).toMatchObject({
      verdict: 'pass',
      summary: '1 alert rule (OrdersHighErrorRate)',
      evidence: [{ path: 'monitoring/alerts.yml', line: 4, text: '- alert: OrdersHighErrorRate' }],
    });
  });

  it('passes on a PrometheusRule in a multi-document manifest', async () => {
    const r = await check({
      'k8s/monitoring.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: api\nspec:\n  groups:\n    - name: api\n      rules:\n        - alert: ApiDown\n          expr: up{job="api"} == 0\n',
    });
    expect(r).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'k8s/monitoring.yaml', line: 14, text: '- alert: ApiDown' }],
    });
  });

  it('warns on Alertmanager routing without rules, and says unknown with neither', async () => {
    const am = await check({
      'alertmanager.yml': 'route:\n  receiver: pager\nreceivers:\n  - name: pager\n',
    });
    expect(am).toMatchObject({ verdict: 'warn', evidence: [{ path: 'alertmanager.yml', line: 2 }] });
    const none = await check({}, { from: fixture('template-like') });
    expect(none).toMatchObject({ verdict: 'unknown', evidence: [] });
  });
});
