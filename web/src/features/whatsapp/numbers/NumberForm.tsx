/**
 * Add or edit a WhatsApp number. The access token and app secret are write-only: when editing, leaving them empty
 * keeps the stored ones. "Sandbox (simulator)" fills in the simulator's defaults (docs/whatsapp-simulator.md).
 */
import { Alert, Button, Checkbox, Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { createNumber, updateNumber, type Tier, type WaNumber, type WaNumberInput } from '../../../api/whatsapp.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { ErrorAlert, fieldError } from '../../../ui/feedback.js';

/** The simulator's defaults (`./clarion sim whatsapp` prints the same). */
export const SANDBOX_PRESET = {
  graphBaseUrl: 'http://127.0.0.1:8090',
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  displayNumber: '15550783881',
  accessToken: 'sim-token',
  appSecret: 'sim-app-secret',
  verifyToken: 'sim-verify-token',
};

export const TIERS: Tier[] = ['250', '2000', '10000', '100000', 'unlimited'];

export function NumberForm({ number, onClose, onSaved }: { number: WaNumber | null; onClose: () => void; onSaved: (n: WaNumber) => unknown }) {
  const { t } = useI18n();
  const [f, setF] = useState<Required<Omit<WaNumberInput, 'tier' | 'apiVersion'>> & { tier: Tier; apiVersion: string }>({
    name: number?.name ?? '',
    wabaId: number?.wabaId ?? '',
    phoneNumberId: number?.phoneNumberId ?? '',
    displayNumber: number?.displayNumber ?? '',
    accessToken: '',
    appSecret: '',
    verifyToken: number?.verifyToken ?? '',
    graphBaseUrl: number?.graphBaseUrl ?? 'https://graph.facebook.com',
    apiVersion: number?.apiVersion ?? 'v24.0',
    sandbox: number?.sandbox ?? false,
    messagesPerSecond: number?.messagesPerSecond ?? 80,
    tier: (number?.tier as Tier) ?? '250',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<typeof f>) => setF((x) => ({ ...x, ...p }));
  const sandbox = () => set({ ...SANDBOX_PRESET, sandbox: true, name: f.name || t('wa.num.sandboxName') });

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: WaNumberInput = { ...f };
      if (!body.verifyToken) delete body.verifyToken;
      if (!body.displayNumber) delete body.displayNumber;
      if (number) {
        // Write-only secrets: only send them when the user typed new ones.
        if (!body.accessToken) delete body.accessToken;
        if (!body.appSecret) delete body.appSecret;
      }
      const saved = number ? await updateNumber(number.id, body) : await createNumber(body);
      await onSaved(saved);
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fe = (k: string) => fieldError(error, k);
  const anyField = ['name', 'wabaId', 'phoneNumberId', 'displayNumber', 'accessToken', 'appSecret', 'verifyToken', 'graphBaseUrl', 'messagesPerSecond', 'tier'].some((k) => fe(k));
  return (
    <Modal opened onClose={onClose} title={number ? t('wa.num.edit') : t('wa.num.add')} size="lg" centered>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{t('wa.num.formHint')}</Text>
          <Button size="xs" variant="light" onClick={sandbox}>{t('wa.num.sandboxPreset')}</Button>
        </Group>
        {f.sandbox && <Alert color="grape" variant="light">{t('wa.num.sandboxHint')}</Alert>}
        <ErrorAlert error={anyField ? null : error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('wa.num.name')} value={f.name} onChange={(e) => set({ name: e.currentTarget.value })} error={fe('name')} />
          <TextInput label={t('wa.num.displayNumber')} value={f.displayNumber} dir="ltr" onChange={(e) => set({ displayNumber: e.currentTarget.value })} error={fe('displayNumber')} />
          <TextInput label={t('wa.num.wabaId')} required value={f.wabaId} dir="ltr" onChange={(e) => set({ wabaId: e.currentTarget.value.trim() })} error={fe('wabaId')} />
          <TextInput label={t('wa.num.phoneNumberId')} required description={t('wa.num.phoneNumberIdHint')} value={f.phoneNumberId} dir="ltr" onChange={(e) => set({ phoneNumberId: e.currentTarget.value.trim() })} error={fe('phoneNumberId')} />
          <PasswordInput label={t('wa.num.accessToken')} required={!number} autoComplete="off" dir="ltr" value={f.accessToken} onChange={(e) => set({ accessToken: e.currentTarget.value })} error={fe('accessToken')}
            description={number?.hasToken ? t('wa.num.secretKept', { hint: number.tokenHint }) : t('wa.num.writeOnly')} />
          <PasswordInput label={t('wa.num.appSecret')} required={!number} autoComplete="off" dir="ltr" value={f.appSecret} onChange={(e) => set({ appSecret: e.currentTarget.value })} error={fe('appSecret')}
            description={number?.hasAppSecret ? t('wa.num.secretKeptPlain') : t('wa.num.writeOnly')} />
          <TextInput label={t('wa.num.verifyToken')} description={t('wa.num.verifyTokenHint')} value={f.verifyToken} dir="ltr" onChange={(e) => set({ verifyToken: e.currentTarget.value })} error={fe('verifyToken')} />
          <TextInput label={t('wa.num.graphBaseUrl')} value={f.graphBaseUrl} dir="ltr" onChange={(e) => set({ graphBaseUrl: e.currentTarget.value.trim() })} error={fe('graphBaseUrl')} />
          <NumberInput label={t('wa.num.mps')} description={t('wa.num.mpsHint')} min={1} max={10000} value={f.messagesPerSecond} onChange={(v) => set({ messagesPerSecond: Number(v) || 80 })} error={fe('messagesPerSecond')} />
          <Select label={t('wa.num.tier')} description={t('wa.num.tierHint')} data={TIERS.map((x) => ({ value: x, label: t(`wa.tier.${x}` as 'wa.tier.250') }))} value={f.tier} allowDeselect={false} onChange={(v) => v && set({ tier: v as Tier })} error={fe('tier')} />
        </SimpleGrid>
        <Checkbox label={t('wa.num.sandbox')} checked={f.sandbox} onChange={(e) => set({ sandbox: e.currentTarget.checked })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={busy} disabled={!f.wabaId || !f.phoneNumberId || (!number && (!f.accessToken || !f.appSecret))}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
