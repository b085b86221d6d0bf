// DAC-OB1: every alert runs as a named identity and tells someone: an alert without run_as runs as whoever applied,
// and one without a subscription turns a failed gate into a silent state change.
import { NOT_APPLICABLE, verdict, type GuardrailRule } from './rule';

interface AlertConfig {
  readonly run_as?: { readonly service_principal_name?: string; readonly user_name?: string };
  readonly evaluation?: { readonly notification?: { readonly subscriptions?: readonly { user_email?: string; destination_id?: string }[] } };
}

/** docs/resources/alert_v2.md: without run_as "the alert will run as the request user". */
export const alertObservers: GuardrailRule = {
  id: 'DAC-OB1',
  summary: 'alerts: run_as names a service principal or user, and at least one subscription is notified',
  checks: 'Every `databricks_alert_v2` has a `run_as` identity (a service principal or user) and at least one subscription.',
  why: 'An alert without `run_as` runs as whoever applied; one without a subscription turns a failed gate into a silent state change.',
  fix: "Run the alert as the gate's responsible agent and subscribe the table owner's `contact`.",
  check(element) {
    if (element.type !== 'databricks_alert_v2') return NOT_APPLICABLE;
    const config = element.config as AlertConfig;
    const messages: string[] = [];
    if (!config.run_as?.service_principal_name && !config.run_as?.user_name)
      messages.push("run_as is not set: the alert would run as whoever applied the plan; run it as the gate's responsible agent");
    const subscriptions = config.evaluation?.notification?.subscriptions ?? [];
    if (!subscriptions.some((subscription) => subscription.user_email || subscription.destination_id))
      messages.push("no subscription: nobody hears when the gate fails; subscribe the table owner's contact");
    return verdict(messages);
  },
};
