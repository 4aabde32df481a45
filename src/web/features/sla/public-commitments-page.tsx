import { CheckCircleFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type LocalizedText, SLA_TARGETS, type SlaTargets, splitMinutes } from '../../../shared/sla';
import { get } from '../../lib/api';
import { UI_LOCALES, type UiLocale } from '../../lib/i18n';

// 服务承诺公示: the organisation's promises, without logging in — for customers
// on the web and for the screen at the counter. Outside the staff shell.

interface PublicCommitment { code: string; title: LocalizedText; text: LocalizedText; caseTypes: string[]; area: 'urban' | 'rural' | null; targets: SlaTargets }

const LOCALE_LABEL: Record<UiLocale, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'EN' };

export function PublicCommitmentsPage() {
  const { t, i18n } = useTranslation('sla');
  const locale = (UI_LOCALES as readonly string[]).includes(i18n.language) ? (i18n.language as UiLocale) : 'zh-CN';
  const q = useQuery({ queryKey: ['public-commitments'], queryFn: () => get<{ items: PublicCommitment[] }>('/public/commitments'), refetchInterval: 300_000 });
  const duration = (minutes: number, clock: 'business' | 'calendar') => {
    const { d, h, m } = splitMinutes(minutes, clock);
    return [d ? t('duration.d', { n: d }) : '', h ? t('duration.h', { n: h }) : '', m ? t('duration.m', { n: m }) : ''].filter(Boolean).join(' ');
  };
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #e6f4ff 0, #f5f5f5 260px)', padding: '32px 24px' }} data-testid="public-commitments">
      <div style={{ maxWidth: 1080, margin: '0 auto' }}>
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap' }}>
          <div style={{ flex: 1, minWidth: 260 }}>
            <Typography.Title level={2} style={{ marginBottom: 4 }}>{t('public.title')}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ fontSize: 16 }}>{t('public.subtitle')}</Typography.Paragraph>
          </div>
          <Space>
            <Segmented<UiLocale> value={locale} options={UI_LOCALES.map((l) => ({ value: l, label: LOCALE_LABEL[l] }))} onChange={(l) => void i18n.changeLanguage(l)} />
            <Link to="/login">{t('public.login')}</Link>
          </Space>
        </div>
        {q.isPending && <Skeleton active />}
        {q.error && <Alert type="error" showIcon message={q.error.message} />}
        {q.data && q.data.items.length === 0 && <Empty description={t('public.empty')} />}
        <Row gutter={[16, 16]}>
          {q.data?.items.map((c) => (
            <Col key={c.code} xs={24} md={12} lg={8}>
              <Card style={{ height: '100%' }} data-testid="public-commitment">
                <Typography.Title level={4} style={{ marginTop: 0 }}>{c.title[locale]}</Typography.Title>
                <Typography.Paragraph style={{ fontSize: 16 }}>{c.text[locale]}</Typography.Paragraph>
                <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
                  {c.caseTypes.length === 0 ? <Tag>{t('public.allTypes')}</Tag> : c.caseTypes.map((x) => <Tag key={x} color="blue">{t(`app:enum.type.${x}`)}</Tag>)}
                  {c.area && <Tag color="green">{t(`areas.${c.area}`)}</Tag>}
                </Space>
                {SLA_TARGETS.filter((x) => c.targets[x]).map((x) => (
                  <div key={x} style={{ fontSize: 14 }}>
                    <CheckCircleFilled style={{ color: '#52c41a', marginInlineEnd: 6 }} />
                    {t('public.within', { target: t(`targets.${x}`), duration: duration(c.targets[x]!.minutes, c.targets[x]!.clock) })}
                    {c.targets[x]!.clock === 'business' && <Typography.Text type="secondary">{t('public.business')}</Typography.Text>}
                  </div>
                ))}
              </Card>
            </Col>
          ))}
        </Row>
      </div>
    </div>
  );
}
