import { Alert, Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { can, useMe } from '../../app/session';
import { ForecastTab } from './forecast-tab';
import { RequirementsTab } from './requirements-tab';
import { RosterTab } from './roster-tab';
import { TemplatesTab } from './templates-tab';

// 预测排班: forecast → requirements → shift templates → roster, one tab each. The chosen forecast,
// requirement and roster live in the URL (?tab=&forecast=&requirement=&roster=) so a link opens the same view.

export type Selection = { forecast?: string; requirement?: string; roster?: string };

export function PlanningPage() {
  const { t } = useTranslation('planning');
  const me = useMe().data;
  const canPlan = can(me, 'workforce:plan');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'forecast';
  const sel: Selection = {
    forecast: params.get('forecast') ?? undefined, requirement: params.get('requirement') ?? undefined, roster: params.get('roster') ?? undefined,
  };
  const go = (next: Partial<Selection> & { tab?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };
  return (
    <div style={{ padding: 16 }}>
      <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('intro')}</Typography.Paragraph>
      {!canPlan && <Alert type="info" showIcon title={t('common.noPermission')} style={{ marginBottom: 8 }} />}
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k })}
          items={[
            { key: 'forecast', label: t('tabs.forecast'), children: <ForecastTab sel={sel} go={go} canPlan={canPlan} /> },
            { key: 'requirements', label: t('tabs.requirements'), children: <RequirementsTab sel={sel} go={go} canPlan={canPlan} /> },
            { key: 'templates', label: t('tabs.templates'), children: <TemplatesTab canPlan={canPlan} /> },
            { key: 'roster', label: t('tabs.roster'), children: <RosterTab sel={sel} go={go} canPlan={canPlan} /> },
          ]}
        />
      </Card>
    </div>
  );
}
