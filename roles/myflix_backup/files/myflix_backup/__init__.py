"""myflix-backup: consistent saves of the Myflix app state into restic, the restore drill and the restore.

Standard library only (it runs on the Pi with Debian's python3). Entry point: ``python3 -m myflix_backup``.
"""
