import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LedgerMetrics } from './metrics';

/**
 * The monitoring that docker/compose.yml runs beside the service (no Docker engine here to start
 * it): the files parse, the images are pinned, Prometheus scrapes where the apps serve /metrics,
 * Grafana finds its data source and dashboard, and every metric the dashboard plots exists.
 */
const docker = join(__dirname, '..', '..', '..', 'docker');
const yaml = (path: string) => parse(readFileSync(join(docker, path), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const compose = yaml('compose.yml');
const services = compose.services as Record<string, { image?: string; volumes?: string[]; environment?: Record<string, unknown>; ports?: string[] }>;

describe('Prometheus and Grafana in docker/', () => {
  it('runs prometheus and grafana from pinned images, beside the api and the projector', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'kafka', 'api', 'projector', 'prometheus', 'grafana']));
    for (const [name, service] of Object.entries(services)) {
      if (service.image === undefined) continue;
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[a-z0-9./-]+:[0-9A-Za-z][\w.-]*$/) });
      expect(service.image.endsWith(':latest')).toBe(false);
    }
    expect(services.prometheus?.volumes).toContain('./prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(services.grafana?.volumes).toEqual(expect.arrayContaining(['./grafana/provisioning:/etc/grafana/provisioning:ro', './grafana/dashboards:/var/lib/grafana/dashboards:ro']));
  });

  it('scrapes the API and the projector where they listen', () => {
    const prometheus = yaml('prometheus.yml');
    const targets = Object.fromEntries(
      (prometheus.scrape_configs as { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[]).map((job) => [job.job_name, { path: job.metrics_path, targets: job.static_configs.flatMap((c) => c.targets) }]),
    );
    expect(targets).toEqual({ 'policy-ledger-api': { path: '/metrics', targets: ['api:3000'] }, 'policy-ledger-projector': { path: '/metrics', targets: ['projector:3001'] } });
    expect(services.api?.environment?.PORT).toBe(3000);
    expect(services.projector?.environment).toMatchObject({ PROJECTOR_HOST: '0.0.0.0', PROJECTOR_PORT: 3001 });
  });

  it('provisions the Prometheus data source and the dashboard for Grafana', () => {
    const [datasource] = yaml('grafana/provisioning/datasources/prometheus.yml').datasources as { uid: string; type: string; url: string }[];
    expect(datasource).toMatchObject({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' });
    const [provider] = yaml('grafana/provisioning/dashboards/policy-ledger.yml').providers as { type: string; options: { path: string } }[];
    expect(provider).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } });
  });

  it('plots only metrics the service exports, from the provisioned data source', () => {
    const dashboard = JSON.parse(readFileSync(join(docker, 'grafana', 'dashboards', 'policy-ledger.json'), 'utf8')) as {
      uid: string;
      panels: { id: number; type: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('policy-ledger');
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const exported = new Set(
      new LedgerMetrics().registry
        .getMetricsAsArray()
        .flatMap(({ name }) => [name, `${name}_bucket`, `${name}_count`, `${name}_sum`]),
    );
    const plotted = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(plotted.length).toBeGreaterThan(10);
    const used = new Set<string>();
    for (const panel of plotted) {
      expect(panel.datasource?.uid).toBe('prometheus');
      for (const { expr } of panel.targets ?? []) for (const [name] of expr.matchAll(/\b(policy_ledger|http|process|nodejs)_[a-z0-9_]+\b/g)) used.add(name);
    }
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    // Each metric of the issue is on the dashboard.
    for (const name of [
      'http_request_duration_seconds_count',
      'policy_ledger_commands_total',
      'policy_ledger_append_duration_seconds_bucket',
      'policy_ledger_outbox_pending',
      'policy_ledger_relay_lag_seconds',
      'policy_ledger_projection_lag_events',
      'policy_ledger_projection_lag_seconds',
      'policy_ledger_projection_dead_letters',
      'policy_ledger_sse_clients',
    ]) {
      expect(used).toContain(name);
    }
  });
});
