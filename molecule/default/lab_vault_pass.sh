#!/bin/sh
# The lab vault's password, for ansible (ANSIBLE_VAULT_PASSWORD_FILE in molecule.yml). create.yml has the
# wizard (`make inventory`) write group_vars/myflix/vault.yml with a password file in .lab/ (mode 0600, both
# git-ignored). Before the first create there is no vault to open and any password will do.
f="$(dirname "$0")/.lab/vault-pass"
if [ -f "$f" ]; then exec cat "$f"; fi
echo no-lab-vault-yet
