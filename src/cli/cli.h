#pragma once
// Command-line front end: parses options and calls one function per command.
namespace debimg {
int run_cli(int argc, char** argv);
}
