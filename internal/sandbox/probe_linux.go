package sandbox

import "os"

func probe() Status {
	s := Status{Seccomp: seccompAvailable(), OwnUID: os.Geteuid() == 0}
	abi, err := landlockABI()
	if err != nil {
		s.Reason = landlockReason(err)
	} else {
		s.Landlock = abi
	}
	return s
}
