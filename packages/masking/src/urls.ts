import { WS, type TextPattern } from './text-rule.js';

/**
 * Credentials in a URL's authority: scheme://user:password@host (http,
 * postgres, amqp, redis, mongodb+srv …). The password goes, the user and host
 * stay; the password runs to the last "@" before the path. Groups: 1 scheme://, 2 user.
 */
export const urlCredentialsPattern: TextPattern = {
  name: 'url_credentials',
  source: `\\b([A-Za-z][A-Za-z0-9+.-]*://)([^${WS}:/?#@"'<>\\[\\]]*):([^${WS}/?#"'<>]+)@`,
  ignoreCase: false,
};

/**
 * Webhook URLs whose path is the secret (Slack, Teams, Discord, Telegram bot
 * tokens): everything after the fixed part goes. Group 1: the fixed part.
 */
export const webhookUrlPattern: TextPattern = {
  name: 'webhook_url',
  source:
    '(https?://(?:hooks\\.slack\\.com/(?:services|workflows|triggers)/' +
    '|[A-Za-z0-9.-]*\\.webhook\\.office\\.com/webhookb2/' +
    '|(?:[A-Za-z0-9-]+\\.)?outlook\\.office(?:365)?\\.com/webhook/' +
    '|(?:discord|discordapp)\\.com/api/webhooks/' +
    '|api\\.telegram\\.org/bot))' +
    '[A-Za-z0-9@:/_.-]*[A-Za-z0-9_-]',
  ignoreCase: true,
};
