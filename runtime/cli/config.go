package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The configuration file is an INI file like ossutil's: `[profile]` sections of `name = value`
// lines. `config` writes it with mode 0600 (it holds a secret) and never prints the secret back.

// configKeys are the settings a profile may hold, in the order `config` writes them.
var configKeys = []string{"endpoint", "region", "access-key-id", "access-key-secret", "security-token", "signature-version", "timeout"}

// secretKeys are never printed, whatever the command.
var secretKeys = map[string]bool{"access-key-secret": true, "security-token": true}

// configPath is --config, else the file in the home directory.
func configPath(p *parsed, env environment) (string, error) {
	if path := p.get("config"); path != "" {
		return path, nil
	}
	home := env.get("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", &localError{fmt.Errorf("no home directory for the configuration file: %v (use --config)", err)}
		}
		home = h
	}
	return filepath.Join(home, configFileName), nil
}

// iniFile is a parsed INI file: sections in file order, each with its settings.
type iniFile struct {
	order    []string
	sections map[string]map[string]string
}

func parseINI(r io.Reader) (*iniFile, error) {
	f := &iniFile{sections: map[string]map[string]string{}}
	section := ""
	scanner := bufio.NewScanner(r)
	for line := 1; scanner.Scan(); line++ {
		s := strings.TrimSpace(scanner.Text())
		switch {
		case s == "" || s[0] == '#' || s[0] == ';':
		case s[0] == '[' && s[len(s)-1] == ']':
			section = strings.TrimSpace(s[1 : len(s)-1])
			f.section(section)
		default:
			eq := strings.IndexByte(s, '=')
			if eq < 0 || section == "" {
				// The line itself may hold a secret: name only its number.
				return nil, fmt.Errorf("line %d is not `name = value` inside a [section]", line)
			}
			f.section(section)[strings.TrimSpace(s[:eq])] = strings.TrimSpace(s[eq+1:])
		}
	}
	return f, scanner.Err()
}

func (f *iniFile) section(name string) map[string]string {
	if s, ok := f.sections[name]; ok {
		return s
	}
	f.order = append(f.order, name)
	f.sections[name] = map[string]string{}
	return f.sections[name]
}

func (f *iniFile) write(w io.Writer) error {
	var b strings.Builder
	for i, name := range f.order {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "[%s]\n", name)
		s := f.sections[name]
		written := map[string]bool{}
		for _, k := range configKeys {
			if v, ok := s[k]; ok {
				fmt.Fprintf(&b, "%s = %s\n", k, v)
				written[k] = true
			}
		}
		for _, k := range sortedKeys(s) {
			if !written[k] {
				fmt.Fprintf(&b, "%s = %s\n", k, s[k])
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// readConfig reads the profile of the configuration file; a missing file is an empty profile.
func readConfig(path, profile string) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, &localError{err}
	}
	defer f.Close()
	ini, err := parseINI(f)
	if err != nil {
		return nil, usagef("configuration file %s: %v", path, err)
	}
	return ini.section(profile), nil
}

// writeConfig sets values in one profile and writes the file with mode 0600, through a
// temporary file renamed over it, so a crash never leaves half a file or a readable secret.
func writeConfig(path, profile string, values map[string]string) error {
	ini := &iniFile{sections: map[string]map[string]string{}}
	if f, err := os.Open(path); err == nil {
		parsedFile, perr := parseINI(f)
		f.Close()
		if perr != nil {
			return usagef("configuration file %s: %v", path, perr)
		}
		ini = parsedFile
	} else if !errors.Is(err, os.ErrNotExist) {
		return &localError{err}
	}
	section := ini.section(profile)
	for k, v := range values {
		if v == "" {
			delete(section, k)
		} else {
			section[k] = v
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &localError{err}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*")
	if err != nil {
		return &localError{err}
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return &localError{err}
	}
	if err := ini.write(tmp); err != nil {
		tmp.Close()
		return &localError{err}
	}
	if err := tmp.Close(); err != nil {
		return &localError{err}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return &localError{err}
	}
	return nil
}

// resolveSettings takes each setting from its flag, else the environment, else the profile.
func resolveSettings(p *parsed, env environment) (settings, error) {
	path, err := configPath(p, env)
	if err != nil {
		return settings{}, err
	}
	profile := p.get("profile")
	if profile == "" {
		profile = "default"
	}
	file, err := readConfig(path, profile)
	if err != nil {
		return settings{}, err
	}
	pick := func(flag, envName string) string {
		if v := p.get(flag); v != "" {
			return v
		}
		if envName != "" {
			if v := env.get(envName); v != "" {
				return v
			}
		}
		return file[flag]
	}
	s := settings{
		Endpoint:         pick("endpoint", envEndpoint),
		Region:           pick("region", envRegion),
		SignatureVersion: pick("signature-version", ""),
	}
	// The credentials come as a set: a key from one place and a secret from another would sign
	// with a mismatched pair, which the service reports only as a bad signature.
	switch {
	case p.get("access-key-id") != "" || p.get("access-key-secret") != "":
		s.AccessKeyID, s.AccessKeySecret, s.SecurityToken = p.get("access-key-id"), p.get("access-key-secret"), p.get("security-token")
	case env.get(envAccessKeyID) != "" || env.get(envAccessKeySecret) != "":
		s.AccessKeyID, s.AccessKeySecret, s.SecurityToken = env.get(envAccessKeyID), env.get(envAccessKeySecret), env.get(envSecurityToken)
	default:
		s.AccessKeyID, s.AccessKeySecret, s.SecurityToken = file["access-key-id"], file["access-key-secret"], file["security-token"]
	}
	if s.AccessKeyID == "" || s.AccessKeySecret == "" {
		return settings{}, usagef("no credentials: pass --access-key-id and --access-key-secret, set %s and %s, or run '%s config'", envAccessKeyID, envAccessKeySecret, programName)
	}
	if s.SignatureVersion != "" && s.SignatureVersion != "v4" && s.SignatureVersion != "v1" {
		return settings{}, usagef("signature-version must be v4 or v1")
	}
	timeout := pick("timeout", "")
	if timeout != "" {
		q := &parsed{values: map[string][]string{"timeout": {timeout}}}
		d, err := durationFlag(q, "timeout", 0)
		if err != nil {
			return settings{}, err
		}
		s.Timeout = d
	}
	return s, nil
}
