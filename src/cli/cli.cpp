#include "cli/cli.h"

#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "util/error.h"
#include "util/interrupt.h"
#include "util/io_place.h"

namespace po = boost::program_options;

namespace debimg {

namespace {

// Parallel unpacking keeps directories open; 1024 descriptors is a low default.
void raise_open_file_limit() {
  struct rlimit limit;
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65536);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

struct Command {
  std::string name;
  std::string usage;    // after "debimg NAME "
  std::string summary;  // one line for `debimg --help`
  std::vector<std::pair<std::string, int>> positionals;  // name, max count (-1: any)
  std::function<void(po::options_description&)> options;
  std::function<int(const po::variables_map&, const Output&)> run;
};

// Registry options shared by push and compose --push.
void add_registry_options(po::options_description& o) {
  o.add_options()
      ("creds", po::value<std::string>()->value_name("USER:PASSWORD"),
       "registry credentials (visible in the process list: prefer --creds-stdin or --creds-file)")
      ("creds-stdin", "read USER:PASSWORD from the first line of standard input")
      ("creds-file", po::value<std::string>()->value_name("FILE"), "file holding USER:PASSWORD")
      ("cert-dir", po::value<std::string>()->value_name("DIR"), "CA certificates (*.crt) and client certificates (*.cert, *.key)")
      ("insecure", "allow plain HTTP to the registry");
}

RegistryOptions registry_options(const po::variables_map& vm) {
  RegistryOptions r;
  if (vm.count("creds") + vm.count("creds-file") + vm.count("creds-stdin") > 1)
    throw Error("--creds, --creds-stdin and --creds-file exclude each other");
  if (vm.count("creds")) {
    std::cerr << "debimg: warning: --creds shows the password to every user of this machine (ps); use --creds-stdin or --creds-file\n";
    r.credentials.creds = vm["creds"].as<std::string>();
  }
  if (vm.count("creds-stdin")) {
    std::getline(std::cin, r.credentials.creds);
    while (!r.credentials.creds.empty() && r.credentials.creds.back() == '\r') r.credentials.creds.pop_back();
    if (r.credentials.creds.empty()) throw Error("--creds-stdin: standard input held no USER:PASSWORD line");
  }
  if (vm.count("creds-file")) r.credentials.creds_file = vm["creds-file"].as<std::string>();
  if (vm.count("cert-dir")) r.tls = tls_from_cert_dir(vm["cert-dir"].as<std::string>());
  r.insecure = vm.count("insecure") > 0;
  if (const char* chunk = std::getenv("DEBIMG_PUSH_CHUNK_SIZE"); chunk && std::atoll(chunk) > 0)
    r.chunk_size = static_cast<uint64_t>(std::atoll(chunk));
  return r;
}

// A CI image or a pod's spec sets the mode once for every compose; an unknown value fails in parse_isolation.
std::string isolation_default() {
  const char* mode = std::getenv("DEBIMG_ISOLATION");
  return mode && *mode ? mode : "auto";
}

// What signed metadata is taken when a command fetches it (compose, lock, update).
void add_freshness_options(po::options_description& o) {
  o.add_options()
      ("max-future-time", po::value<long>()->value_name("SECONDS")->default_value(FreshnessPolicy{}.max_future_seconds),
       "refuse a Release dated more than SECONDS past this machine's clock (apt's Acquire::Max-FutureTime)")
      ("allow-older-metadata", "take a Release older than the one the cache or the lock holds (a snapshot on purpose)");
}

FreshnessPolicy freshness_policy(const po::variables_map& vm) {
  FreshnessPolicy f;
  f.max_future_seconds = vm["max-future-time"].as<long>();
  if (f.max_future_seconds < 0) throw Error("--max-future-time: " + std::to_string(f.max_future_seconds) + " is negative");
  f.allow_older = vm.count("allow-older-metadata") > 0;
  return f;
}

po::options_description global_options() {
  po::options_description o("Global options");
  o.add_options()
      ("help,h", "show help (for a command: debimg COMMAND --help)")
      ("version", "print debimg's version")
      ("json", "print the result as one JSON document on stdout")
      ("quiet,q", "no progress on the terminal (warnings and errors still show)")
      ("verbose,v", "progress as plain lines, also when stderr is not a terminal");
  return o;
}

std::vector<Command> commands() {
  return {
      {"compose", "PROFILE.yaml [options]", "compose an image from a profile (and its lockfile)",
       {{"profile", 1}},
       [](po::options_description& o) {
         o.add_options()
             ("output,o", po::value<std::string>()->value_name("OUT"), "where to write the image (default: NAME in the current folder)")
             ("format", po::value<std::string>()->value_name("FMT")->default_value("oci"), "oci | oci-archive | docker-archive | rootfs-tar | dir")
             ("platform", po::value<std::string>()->value_name("P"), "build only platform P of the profile's (linux/arm64, linux/arm/v7, …)")
             ("frozen", "refuse to run without a fresh lockfile")
             ("update-lock", "re-resolve and rewrite a stale lockfile instead of failing")
             ("offline", "use only the cache; fail naming what is missing")
             ("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder (default: $XDG_CACHE_HOME/debimg)")
             ("push", po::value<std::string>()->value_name("REF"), "push the image to REF when composed (oci, oci-archive)")
             ("no-layer-cache", "write every layer, reusing none from the cache (for benchmarks)")
             ("isolation", po::value<std::string>()->value_name("MODE")->default_value(isolation_default()),
              "how maintainer scripts are isolated: auto | namespace | none (no namespace: pods, default seccomp;"
              " default $DEBIMG_ISOLATION, else auto)")
             ("allow-unconfined-scripts", "with isolation none on a kernel without Landlock: run scripts unconfined")
             ("force", "replace what -o names even when it is no output of debimg's (a folder or file of yours)")
             ("check-reproducible", "build the tree a second time and name every path that differs (then exit 2, nothing pushed)")
             ("until", po::value<std::string>()->value_name("STAGE"), "stop after STAGE (fetch | unpack) and write what there is; for inspection");
         add_freshness_options(o);
         add_registry_options(o);
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         ComposeRequest request;
         request.profile = vm["profile"].as<std::string>();
         request.format = parse_output_format(vm["format"].as<std::string>());
         if (vm.count("output")) request.output = vm["output"].as<std::string>();
         if (vm.count("platform")) request.platform = vm["platform"].as<std::string>();
         if (vm.count("cache-dir")) request.cache_dir = vm["cache-dir"].as<std::string>();
         if (vm.count("until")) request.stop_after = parse_stop_after(vm["until"].as<std::string>());
         if (vm.count("push")) request.push = parse_registry_ref(vm["push"].as<std::string>());
         if (vm.count("frozen") && vm.count("update-lock")) throw Error("--frozen and --update-lock exclude each other");
         request.lock_policy = vm.count("frozen") ? LockPolicy::frozen : vm.count("update-lock") ? LockPolicy::update : LockPolicy::normal;
         request.offline = vm.count("offline") > 0;
         request.freshness = freshness_policy(vm);
         request.no_layer_cache = vm.count("no-layer-cache") > 0;
         request.check_reproducible = vm.count("check-reproducible") > 0;
         request.force = vm.count("force") > 0;
         request.isolation = parse_isolation(vm["isolation"].as<std::string>());
         request.allow_unconfined_scripts = vm.count("allow-unconfined-scripts") > 0;
         request.registry = registry_options(vm);
         request.check();
         return compose_command(request, out);
       }},
      {"lock", "PROFILE.yaml [options]", "resolve against signed apt metadata and write PROFILE.lock",
       {{"profile", 1}},
       [](po::options_description& o) {
         o.add_options()
             ("check", "exit 0 when the lockfile is fresh, 1 when stale, 2 on error")
             ("upstream", "with --check: also report packages the archive has moved since")
             ("update", "re-resolve and rewrite the lockfile, printing what changed")
             ("markdown", "with --update or --check --upstream: the report as Markdown, for a pull-request comment")
             ("why", po::value<std::string>()->value_name("PKG"), "print the dependency path that brought PKG in")
             ("arch", po::value<std::string>()->value_name("A"), "with --why: in architecture A's image (default: each)")
             ("offline", "use only cached metadata")
             ("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder (default: $XDG_CACHE_HOME/debimg)");
         add_freshness_options(o);
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         if (vm.count("upstream") && !vm.count("check")) throw Error("--upstream goes with --check");
         if (vm.count("check") + vm.count("update") + vm.count("why") > 1)
           throw Error("--check, --update and --why exclude each other");
         LockCommand cmd;
         cmd.profile = vm["profile"].as<std::string>();
         if (vm.count("cache-dir")) cmd.cache_dir = vm["cache-dir"].as<std::string>();
         cmd.offline = vm.count("offline") > 0;
         cmd.check = vm.count("check") > 0;
         cmd.upstream = vm.count("upstream") > 0;
         cmd.update = vm.count("update") > 0;
         cmd.freshness = freshness_policy(vm);
         if (vm.count("why")) cmd.why = vm["why"].as<std::string>();
         if (vm.count("arch") && !vm.count("why")) throw Error("--arch goes with --why");
         if (vm.count("arch")) cmd.arch = vm["arch"].as<std::string>();
         cmd.markdown = vm.count("markdown") > 0;
         if (cmd.markdown && (cmd.why.size() || (cmd.check && !cmd.upstream)))
           throw Error("--markdown goes with --update, --check --upstream or a plain lock, not --why or --check alone");
         if (cmd.markdown && out.json) throw Error("--markdown and --json exclude each other");
         return lock_command(cmd, out);
       }},
      {"push", "OUT REF [options]", "push an OCI layout or oci-archive to a registry",
       {{"out", 1}, {"ref", 1}},
       [](po::options_description& o) {
         add_registry_options(o);
         o.add_options()("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder (default: $XDG_CACHE_HOME/debimg)");
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         PushCommand cmd;
         cmd.image = vm["out"].as<std::string>();
         cmd.ref = vm["ref"].as<std::string>();
         if (vm.count("cache-dir")) cmd.cache_dir = vm["cache-dir"].as<std::string>();
         cmd.registry = registry_options(vm);
         return push_command(cmd, out);
       }},
      {"login", "REGISTRY [options]", "check registry credentials and store them the way `docker login` does",
       {{"registry", 1}},
       [](po::options_description& o) {
         o.add_options()
             ("username,u", po::value<std::string>()->value_name("USER"), "user name (default: asked for)")
             ("password-stdin", "read the password from standard input (default: asked for, not echoed)")
             ("cert-dir", po::value<std::string>()->value_name("DIR"), "CA certificates (*.crt) and client certificates (*.cert, *.key)")
             ("insecure", "allow plain HTTP");
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         LoginCommand cmd;
         cmd.registry = vm["registry"].as<std::string>();
         if (vm.count("username")) cmd.username = vm["username"].as<std::string>();
         cmd.password_stdin = vm.count("password-stdin") > 0;
         cmd.registry_options = registry_options(vm);
         return login_command(cmd, out);
       }},
      {"diff", "A B [--files] [--markdown]", "what changes from A to B (each a lock, an OCI layout or an oci-archive): packages by source, suite moves, the CVEs fixed (exit 0 same, 1 different)",
       {{"A", 1}, {"B", 1}},
       [](po::options_description& o) {
         o.add_options()
             ("files", "also every path of two images: type, mode, owner, size, content, link")
             ("markdown", "the report as Markdown, for a pull-request comment")
             ("offline", "read changelogs only from the cache; the report says what it could not show")
             ("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder: changed .debs, an unpacked oci-archive (default: $XDG_CACHE_HOME/debimg)");
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         DiffCommand cmd;
         cmd.first = vm["A"].as<std::string>();
         cmd.second = vm["B"].as<std::string>();
         cmd.files = vm.count("files") > 0;
         cmd.markdown = vm.count("markdown") > 0;
         cmd.offline = vm.count("offline") > 0;
         if (cmd.markdown && out.json) throw Error("--markdown and --json exclude each other");
         if (vm.count("cache-dir")) cmd.cache_dir = vm["cache-dir"].as<std::string>();
         return diff_command(cmd, out);
       }},
      {"cache", "prune [LOCK...]", "drop cached files that no given lockfile references",
       {{"action", 1}, {"locks", -1}},
       [](po::options_description& o) {
         o.add_options()("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder (default: $XDG_CACHE_HOME/debimg)");
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         if (vm["action"].as<std::string>() != "prune")
           throw Error("cache: unknown action '" + vm["action"].as<std::string>() + "' (the one action is: prune)");
         CachePruneCommand cmd;
         if (vm.count("locks")) cmd.locks = vm["locks"].as<std::vector<std::string>>();
         if (vm.count("cache-dir")) cmd.cache_dir = vm["cache-dir"].as<std::string>();
         return cache_prune_command(cmd, out);
       }},
      {"update", "PROFILE.yaml [options]", "fetch and verify the signed apt metadata a profile needs, into the cache",
       {{"profile", 1}},
       [](po::options_description& o) {
         o.add_options()
             ("offline", "use only the cache; fail naming what is missing")
             ("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder (default: $XDG_CACHE_HOME/debimg)");
         add_freshness_options(o);
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         return update_command(UpdateCommand{vm["profile"].as<std::string>(),
                                             vm.count("cache-dir") ? vm["cache-dir"].as<std::string>() : "",
                                             vm.count("offline") > 0, freshness_policy(vm)},
                               out);
       }},
      {"sbom", "IMAGE|LOCK [options]", "print an SPDX or CycloneDX SBOM of an image (OCI layout or archive) or a lockfile",
       {{"input", 1}},
       [](po::options_description& o) {
         o.add_options()
             ("format", po::value<std::string>()->value_name("FMT")->default_value("spdx"), "spdx (SPDX 2.3 JSON) | cyclonedx (CycloneDX 1.5 JSON)")
             ("platform", po::value<std::string>()->value_name("P"), "the platform of a multi-platform image or lock (linux/arm64, …)")
             ("lock", po::value<std::string>()->value_name("LOCK"), "with an image: the lock it was built from, for .deb hashes and dependency edges")
             ("name", po::value<std::string>()->value_name("NAME"), "the image's name in its purl (default: the file or folder's name)")
             ("output,o", po::value<std::string>()->value_name("FILE"), "write the document to FILE (default: standard output)")
             ("cache-dir", po::value<std::string>()->value_name("DIR"), "cache folder holding a lock's .debs (default: $XDG_CACHE_HOME/debimg)");
       },
       [](const po::variables_map& vm, const Output& out) -> int {
         SbomCommand cmd;
         cmd.input = vm["input"].as<std::string>();
         cmd.format = vm["format"].as<std::string>();
         if (vm.count("platform")) cmd.platform = vm["platform"].as<std::string>();
         if (vm.count("lock")) cmd.lock = vm["lock"].as<std::string>();
         if (vm.count("name")) cmd.name = vm["name"].as<std::string>();
         if (vm.count("output")) cmd.output = vm["output"].as<std::string>();
         if (vm.count("cache-dir")) cmd.cache_dir = vm["cache-dir"].as<std::string>();
         return sbom_command(cmd, out);
       }},
      {"paths", "", "print where shipped hooks and profiles are looked for, and the default cache",
       {},
       [](po::options_description&) {},
       [](const po::variables_map&, const Output& out) -> int { return paths_command(out); }},
      {"profile", "PROFILE.yaml", "check a profile and print it with every default filled in",
       {{"profile", 1}},
       [](po::options_description&) {},
       [](const po::variables_map& vm, const Output& out) -> int {
         return profile_command(ProfileCommand{vm["profile"].as<std::string>()}, out);
       }},
  };
}

std::string main_help() {
  std::ostringstream s;
  s << "debimg " << DEBIMG_VERSION << " - compose Debian root filesystems and container images\n\n"
    << "Usage: debimg [--json] [--quiet|--verbose] COMMAND [ARGS] [options]\n\nCommands:\n";
  for (const auto& c : commands()) {
    std::string head = "  " + c.name;
    head.resize(12, ' ');
    s << head << c.summary << "\n";
  }
  s << "\n" << global_options() << "\nRun `debimg COMMAND --help` for a command's options.\n";
  return s.str();
}

int run_command(const Command& cmd, const std::vector<std::string>& args, Output& out) {
  po::options_description own("Options of debimg " + cmd.name);
  cmd.options(own);
  po::options_description hidden;
  po::positional_options_description pos;
  for (const auto& [name, count] : cmd.positionals) {
    if (count == 1)
      hidden.add_options()(name.c_str(), po::value<std::string>());
    else
      hidden.add_options()(name.c_str(), po::value<std::vector<std::string>>());
    pos.add(name.c_str(), count);
  }
  po::options_description all;
  all.add(own).add(global_options()).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(cmd.name + ": " + e.what() + " (see `debimg " + cmd.name + " --help`)");
  }
  if (vm.count("json")) out.json = true;
  if (vm.count("quiet")) out.verbosity = Verbosity::quiet;
  if (vm.count("verbose")) out.verbosity = Verbosity::verbose;
  if (vm.count("help")) {
    std::cout << "Usage: debimg " << cmd.name << " " << cmd.usage << "\n\n" << cmd.summary << "\n\n"
              << own << "\n" << global_options();
    return 0;
  }
  for (const auto& [name, count] : cmd.positionals)
    if (count == 1 && !vm.count(name))
      throw Error(cmd.name + ": missing " + name + " (usage: debimg " + cmd.name + " " + cmd.usage + ")");
  return cmd.run(vm, out);
}

}  // namespace

int run_cli(int argc, char** argv) {
  Output out;
  install_interrupt_handlers();
  raise_open_file_limit();
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    // Global options may stand before the command; everything from the
    // command on belongs to it (it knows the global options too).
    size_t i = 0;
    for (; i < args.size() && !args[i].empty() && args[i][0] == '-'; ++i) {
      if (args[i] == "--json") out.json = true;
      else if (args[i] == "--quiet" || args[i] == "-q") out.verbosity = Verbosity::quiet;
      else if (args[i] == "--verbose" || args[i] == "-v") out.verbosity = Verbosity::verbose;
      else if (args[i] == "--version") { std::cout << "debimg " << DEBIMG_VERSION << "\n"; return 0; }
      else if (args[i] == "--help" || args[i] == "-h") { std::cout << main_help(); return 0; }
      else throw Error("unknown option '" + args[i] + "' (see `debimg --help`)");
    }
    if (i == args.size()) {
      std::cerr << main_help();
      return 2;
    }
    for (const auto& cmd : commands())
      if (cmd.name == args[i]) return run_command(cmd, std::vector<std::string>(args.begin() + long(i) + 1, args.end()), out);
    throw Error("unknown command '" + args[i] + "' (see `debimg --help`)");
  } catch (const Interrupted&) {
    std::cerr << "debimg: interrupted; nothing was left half-written\n";
    return 130;
  } catch (const std::exception& e) {
    std::string message = e.what();
    // The C++ library's file errors name the path; say which of debimg's places it is in.
    if (const auto* fs_error = dynamic_cast<const std::filesystem::filesystem_error*>(&e))
      if (const std::string place = place_of(fs_error->path1()); !place.empty()) message += " (" + place + ")";
    for (char& c : message)
      if (c == '\n') c = ' ';
    if (out.json)
      std::cout << nlohmann::json{{"error", message}}.dump() << "\n";
    std::cerr << "debimg: error: " << message << "\n";
    return 2;
  }
}

}  // namespace debimg
