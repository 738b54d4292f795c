   0  ld [4]                   ; load architecture
   1  jneq #3221225534,146     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #16,73               ; hot: ioctl
   4  jge #1073741824,143      ; x32 ABI: kill
   5  jge #56,22               ; nr >= 56 (clone)
   6  jge #41,12               ; nr >= 41 (socket)
   7  jge #10,3                ; nr >= 10 (mprotect)
   8  jge #9,122               ; nr >= 9 (mmap)
   9  jlt #6,137               ; nr >= 6 (lstat)
  10  jge #8,136,137           ; nr >= 8 (lseek)
  11  jlt #11,115              ; nr >= 11 (munmap)
  12  jge #20,3                ; nr >= 20 (writev)
  13  jge #17,1                ; nr >= 17 (pread64)
  14  jge #16,133,132          ; nr >= 16 (ioctl)
  15  jge #19,132,131          ; nr >= 19 (readv)
  16  jge #28,1                ; nr >= 28 (madvise)
  17  jge #22,130,129          ; nr >= 22 (pipe)
  18  jge #29,129,128          ; nr >= 29 (shmget)
  19  jlt #42,117              ; nr >= 42 (connect)
  20  jge #45,1                ; nr >= 45 (recvfrom)
  21  jge #44,101,126          ; nr >= 44 (sendto)
  22  jge #49,2                ; nr >= 49 (bind)
  23  jlt #47,124              ; nr >= 47 (recvmsg)
  24  jge #48,123,122          ; nr >= 48 (shutdown)
  25  jge #51,1                ; nr >= 51 (getsockname)
  26  jge #50,121,120          ; nr >= 50 (listen)
  27  jge #52,120,119          ; nr >= 52 (getpeername)
  28  jge #302,40              ; nr >= 302 (prlimit64)
  29  jge #89,7                ; nr >= 89 (readlink)
  30  jlt #57,78               ; nr >= 57 (fork)
  31  jge #72,4                ; nr >= 72 (fcntl)
  32  jge #61,1                ; nr >= 61 (wait4)
  33  jge #60,113,114          ; nr >= 60 (exit)
  34  jlt #63,113              ; nr >= 63 (uname)
  35  jge #64,112,111          ; nr >= 64 (semget)
  36  jge #73,111,98           ; nr >= 73 (flock)
  37  jge #218,8               ; nr >= 218 (set_tid_address)
  38  jge #157,3               ; nr >= 157 (prctl)
  39  jge #135,1               ; nr >= 135 (personality)
  40  jge #90,107,106          ; nr >= 90 (chmod)
  41  jge #136,106,103         ; nr >= 136 (ustat)
  42  jlt #158,70              ; nr >= 158 (arch_prctl)
  43  jge #202,1               ; nr >= 202 (futex)
  44  jge #159,103,102         ; nr >= 159 (adjtimex)
  45  jge #203,102,101         ; nr >= 203 (sched_setaffinity)
  46  jge #267,11              ; nr >= 267 (readlinkat)
  47  jge #233,5               ; nr >= 233 (epoll_ctl)
  48  jge #229,2               ; nr >= 229 (clock_getres)
  49  jlt #219,97              ; nr >= 219 (restart_syscall)
  50  jge #228,96,97           ; nr >= 228 (clock_gettime)
  51  jlt #231,96              ; nr >= 231 (exit_group)
  52  jge #232,95,94           ; nr >= 232 (epoll_wait)
  53  jge #258,2               ; nr >= 258 (mkdirat)
  54  jlt #234,92              ; nr >= 234 (tgkill)
  55  jge #257,91,92           ; nr >= 257 (openat)
  56  jlt #262,91              ; nr >= 262 (newfstatat)
  57  jge #263,90,89           ; nr >= 263 (unlinkat)
  58  jge #283,5               ; nr >= 283 (timerfd_create)
  59  jge #274,2               ; nr >= 274 (get_robust_list)
  60  jlt #268,86              ; nr >= 268 (fchmodat)
  61  jge #273,85,86           ; nr >= 273 (set_robust_list)
  62  jlt #281,85              ; nr >= 281 (epoll_pwait)
  63  jge #282,84,83           ; nr >= 282 (signalfd)
  64  jge #287,2               ; nr >= 287 (timerfd_gettime)
  65  jlt #284,81              ; nr >= 284 (eventfd)
  66  jge #286,80,81           ; nr >= 286 (timerfd_settime)
  67  jlt #290,80              ; nr >= 290 (eventfd2)
  68  jge #292,79,78           ; nr >= 292 (dup3)
  69  jlt #303,45              ; nr >= 303 (name_to_handle_at)
  70  jge #334,2               ; nr >= 334 (rseq)
  71  jlt #317,76              ; nr >= 317 (seccomp)
  72  jge #320,75,74           ; nr >= 320 (kexec_file_load)
  73  jge #435,1               ; nr >= 435 (clone3)
  74  jge #335,73,72           ; nr >= 335 (uretprobe)
  75  jge #436,72              ; nr >= 436 (close_range)
  76  ret #327718              ; errno(ENOSYS)
  77  ld [24]                  ; load arg1 low word
  78  jeq #44672,68            ; ioctl: arg1 == 0xae80 (low 32 bits)
  79  jge #1074025674,14       ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  80  jge #44544,6             ; ioctl: arg1 >= 0xae00 (low 32 bits)
  81  jge #35105,2             ; ioctl: arg1 >= 0x8921 (low 32 bits)
  82  jlt #21505,65            ; ioctl: arg1 >= 0x5401 (low 32 bits)
  83  jge #21506,64,63         ; ioctl: arg1 >= 0x5402 (low 32 bits)
  84  jge #35142,1             ; ioctl: arg1 >= 0x8946 (low 32 bits)
  85  jge #35106,62,61         ; ioctl: arg1 >= 0x8922 (low 32 bits)
  86  jge #35143,61,60         ; ioctl: arg1 >= 0x8947 (low 32 bits)
  87  jge #44609,3             ; ioctl: arg1 >= 0xae41 (low 32 bits)
  88  jge #44547,1             ; ioctl: arg1 >= 0xae03 (low 32 bits)
  89  jge #44546,58,57         ; ioctl: arg1 >= 0xae02 (low 32 bits)
  90  jge #44549,57,56         ; ioctl: arg1 >= 0xae05 (low 32 bits)
  91  jge #44707,1             ; ioctl: arg1 >= 0xaea3 (low 32 bits)
  92  jge #44610,55,54         ; ioctl: arg1 >= 0xae42 (low 32 bits)
  93  jge #44708,54,53         ; ioctl: arg1 >= 0xaea4 (low 32 bits)
  94  jge #1083223682,7        ; ioctl: arg1 >= 0x4090ae82 (low 32 bits)
  95  jge #1075883590,3        ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  96  jge #1074310800,1        ; ioctl: arg1 >= 0x4008ae90 (low 32 bits)
  97  jge #1074025675,50,49    ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  98  jge #1074310801,49,48    ; ioctl: arg1 >= 0x4008ae91 (low 32 bits)
  99  jge #1077980793,1        ; ioctl: arg1 >= 0x4040ae79 (low 32 bits)
 100  jge #1075883591,47,46    ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
 101  jge #1077980794,46,45    ; ioctl: arg1 >= 0x4040ae7a (low 32 bits)
 102  jge #2156965505,3        ; ioctl: arg1 >= 0x8090ae81 (low 32 bits)
 103  jge #1094233732,1        ; ioctl: arg1 >= 0x4138ae84 (low 32 bits)
 104  jge #1083223683,43,42    ; ioctl: arg1 >= 0x4090ae83 (low 32 bits)
 105  jge #1094233733,42,41    ; ioctl: arg1 >= 0x4138ae85 (low 32 bits)
 106  jge #3221794309,1        ; ioctl: arg1 >= 0xc008ae05 (low 32 bits)
 107  jge #2156965506,40,39    ; ioctl: arg1 >= 0x8090ae82 (low 32 bits)
 108  jge #3221794310,39,38    ; ioctl: arg1 >= 0xc008ae06 (low 32 bits)
 109  ld [16]                  ; load arg0 low word
 110  jset #65536,0,37         ; clone: arg0 BitsSet 0x10000
 111  ld [16]                  ; load arg0 low word
 112  jset #2114060288,35,34   ; clone: arg0 BitsNotSet 0x7e020000
 113  ld [16]                  ; load arg0 low word
 114  jeq #38,32,33            ; prctl: arg0 Equal 0x26 (low 32 bits)
 115  ld [20]                  ; load arg0 high word
 116  jneq #0,31               ; prlimit64: arg0 Equal 0x0 (high word)
 117  ld [16]
 118  jneq #0,29               ; prlimit64: arg0 Equal 0x0
 119  ld [36]                  ; load arg2 high word
 120  jneq #0,27               ; prlimit64: arg2 Equal 0x0 (high word)
 121  ld [32]
 122  jeq #0,24,25             ; prlimit64: arg2 Equal 0x0
 123  ld [60]                  ; load arg5 high word
 124  jneq #0,23               ; sendto: arg5 Equal 0xc (high word)
 125  ld [56]
 126  jeq #12,20,21            ; sendto: arg5 Equal 0xc
 127  ld [32]                  ; load arg2 low word
 128  jset #4,1,18             ; mprotect: arg2 BitsNotSet 0x4
 129  ld [32]                  ; load arg2 low word
 130  jset #2,17,16            ; mprotect: arg2 BitsNotSet 0x2
 131  ld [32]                  ; load arg2 low word
 132  jset #4,1,14             ; mmap: arg2 BitsNotSet 0x4
 133  ld [32]                  ; load arg2 low word
 134  jset #2,13,12            ; mmap: arg2 BitsNotSet 0x2
 135  ld [24]                  ; load arg1 low word
 136  jeq #4,10,11             ; fcntl: arg1 Equal 0x4 (low 32 bits)
 137  ld [16]                  ; load arg0 low word
 138  jneq #16,3               ; socket: arg0 Equal 0x10 (low 32 bits)
 139  ld [32]                  ; load arg2 low word
 140  jeq #0,6                 ; socket: arg2 Equal 0x0 (low 32 bits)
 141  ld [16]                  ; load arg0 low word
 142  jneq #2,5                ; socket: arg0 Equal 0x2 (low 32 bits)
 143  ld [24]                  ; load arg1 low word
 144  jeq #2,2,3               ; socket: arg1 Equal 0x2 (low 32 bits)
 145  ld [16]                  ; load arg0 low word
 146  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 147  ret #2147418112          ; allow
 148  ret #2147483648          ; kill_process
