// Prefs of the profile tests/integration/thunderbird.sh makes (copied to PROFILE/user.js
// before Thunderbird first starts on it).

// Marionette (only when Thunderbird starts with --marionette) on a port it picks and
// writes to PROFILE/MarionetteActivePort: tests/firefox/certdb.py reads it.
user_pref("marionette.port", 0);

// Offline: everything but loopback goes to a closed local port, and no name lookups.
user_pref("network.proxy.type", 1);
user_pref("network.proxy.http", "127.0.0.1");
user_pref("network.proxy.http_port", 9);
user_pref("network.proxy.ssl", "127.0.0.1");
user_pref("network.proxy.ssl_port", 9);
user_pref("network.proxy.no_proxies_on", "127.0.0.1, localhost");
user_pref("network.dns.disablePrefetch", true);
user_pref("network.predictor.enabled", false);
user_pref("network.trr.mode", 5);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("services.settings.server", "http://127.0.0.1:9/v1");
user_pref("security.OCSP.enabled", 0);
user_pref("security.remote_settings.intermediates.enabled", false);
user_pref("mail.provider.enabled", false);
user_pref("mailnews.auto_config_url", "http://127.0.0.1:9/");
user_pref("mailnews.auto_config.addons_url", "http://127.0.0.1:9/");
user_pref("mailnews.mx_service_url", "http://127.0.0.1:9/");

// Quiet: no updates, telemetry, first-run pages or default-client question.
user_pref("app.update.disabledForTesting", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("mailnews.start_page.enabled", false);
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mail.rights.override", true);
