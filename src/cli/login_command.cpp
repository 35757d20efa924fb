// `debimg login REGISTRY`: asks for (or reads) credentials, checks them
// against the registry, and stores them where docker keeps them.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "push/credentials.h"
#include "util/error.h"

namespace debimg {

namespace {

std::string ask(const std::string& prompt, bool echo) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool tty = ::isatty(0) && ::tcgetattr(0, &saved) == 0;
  if (tty && !echo) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(0, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty && !echo) {
    ::tcsetattr(0, TCSANOW, &saved);
    std::cerr << "\n";
  }
  return line;
}

}  // namespace

int login_command(const LoginCommand& cmd, const Output& out) {
  const std::string registry = registry_key(cmd.registry) == "docker.io" ? "registry-1.docker.io" : registry_key(cmd.registry);
  Credentials credentials;
  credentials.username = cmd.username.empty() ? ask("Username: ", true) : cmd.username;
  if (cmd.password_stdin) {
    std::getline(std::cin, credentials.secret);
    while (!credentials.secret.empty() && credentials.secret.back() == '\r') credentials.secret.pop_back();
  } else {
    if (!::isatty(0)) throw Error("login: no terminal to ask for the password; use --password-stdin");
    credentials.secret = ask("Password: ", false);
  }
  if (credentials.username.empty() || credentials.secret.empty()) throw Error("login: a user name and a password are needed");
  RegistryOptions options = cmd.registry_options;
  options.credentials.creds = credentials.username + ":" + credentials.secret;
  RegistryRef ref;
  ref.registry = registry;
  ref.repository = "";
  RegistryClient(ref, options).check_login();
  const std::string where = store_credentials(registry_key(cmd.registry) == "docker.io" ? "https://index.docker.io/v1/" : registry, credentials);
  out.result({{"registry", registry}, {"stored", where}}, "Login Succeeded (credentials stored in " + where + ")\n");
  return 0;
}

}  // namespace debimg
