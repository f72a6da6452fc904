// Prefs of every profile tests/integration/firefox.sh makes (copied to PROFILE/user.js
// before Firefox first starts on it).

// What NII's instructions tell users to set: send the client certificate without asking.
user_pref("security.default_personal_cert", "Select Automatically");

// Marionette (only when Firefox starts with --marionette) on a port Firefox picks and
// writes to PROFILE/MarionetteActivePort: tests/firefox/look.py reads it.
user_pref("marionette.port", 0);

// openssl s_server serves one connection at a time: a speculative connection that
// Firefox opens and leaves idle would block the real one until it times out.
user_pref("network.http.speculative-parallel-limit", 0);

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
// (Honoured only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in the environment: ff_start sets it.)
user_pref("services.settings.server", "http://127.0.0.1:9/v1");
user_pref("security.OCSP.enabled", 0);
user_pref("security.remote_settings.intermediates.enabled", false);

// Quiet: no updates, telemetry or first-run pages.
user_pref("app.update.disabledForTesting", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
