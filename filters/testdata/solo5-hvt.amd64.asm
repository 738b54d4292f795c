   0  ld [4]                   ; load architecture
   1  jneq #3221225534,154     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #16,73               ; hot: ioctl
   4  jge #1073741824,151      ; x32 ABI: kill
   5  jge #42,13               ; nr >= 42 (connect)
   6  jge #41,136              ; nr >= 41 (socket)
   7  jge #10,3                ; nr >= 10 (mprotect)
   8  jge #9,128               ; nr >= 9 (mmap)
   9  jlt #6,145               ; nr >= 6 (lstat)
  10  jge #8,144,145           ; nr >= 8 (lseek)
  11  jlt #11,121              ; nr >= 11 (munmap)
  12  jge #28,5                ; nr >= 28 (madvise)
  13  jge #19,2                ; nr >= 19 (readv)
  14  jlt #16,140              ; nr >= 16 (ioctl)
  15  jge #17,139,140          ; nr >= 17 (pread64)
  16  jlt #20,139              ; nr >= 20 (writev)
  17  jge #22,138,137          ; nr >= 22 (pipe)
  18  jge #29,137,96           ; nr >= 29 (shmget)
  19  jge #302,49              ; nr >= 302 (prlimit64)
  20  jge #56,8                ; nr >= 56 (clone)
  21  jge #48,3                ; nr >= 48 (shutdown)
  22  jge #45,1                ; nr >= 45 (recvfrom)
  23  jge #44,105,132          ; nr >= 44 (sendto)
  24  jge #47,130,131          ; nr >= 47 (recvmsg)
  25  jge #50,1                ; nr >= 50 (listen)
  26  jge #49,98,129           ; nr >= 49 (bind)
  27  jlt #51,128              ; nr >= 51 (getsockname)
  28  jge #52,127,126          ; nr >= 52 (getpeername)
  29  jge #89,7                ; nr >= 89 (readlink)
  30  jlt #57,78               ; nr >= 57 (fork)
  31  jge #72,4                ; nr >= 72 (fcntl)
  32  jge #61,1                ; nr >= 61 (wait4)
  33  jge #60,121,122          ; nr >= 60 (exit)
  34  jlt #63,121              ; nr >= 63 (uname)
  35  jge #64,120,119          ; nr >= 64 (semget)
  36  jge #73,119,104          ; nr >= 73 (flock)
  37  jge #218,8               ; nr >= 218 (set_tid_address)
  38  jge #157,3               ; nr >= 157 (prctl)
  39  jge #135,1               ; nr >= 135 (personality)
  40  jge #90,115,114          ; nr >= 90 (chmod)
  41  jge #136,114,111         ; nr >= 136 (ustat)
  42  jlt #158,70              ; nr >= 158 (arch_prctl)
  43  jge #202,1               ; nr >= 202 (futex)
  44  jge #159,111,110         ; nr >= 159 (adjtimex)
  45  jge #203,110,109         ; nr >= 203 (sched_setaffinity)
  46  jge #267,11              ; nr >= 267 (readlinkat)
  47  jge #233,5               ; nr >= 233 (epoll_ctl)
  48  jge #229,2               ; nr >= 229 (clock_getres)
  49  jlt #219,105             ; nr >= 219 (restart_syscall)
  50  jge #228,104,105         ; nr >= 228 (clock_gettime)
  51  jlt #231,104             ; nr >= 231 (exit_group)
  52  jge #232,103,102         ; nr >= 232 (epoll_wait)
  53  jge #258,2               ; nr >= 258 (mkdirat)
  54  jlt #234,100             ; nr >= 234 (tgkill)
  55  jge #257,99,100          ; nr >= 257 (openat)
  56  jlt #262,99              ; nr >= 262 (newfstatat)
  57  jge #263,98,97           ; nr >= 263 (unlinkat)
  58  jge #283,5               ; nr >= 283 (timerfd_create)
  59  jge #274,2               ; nr >= 274 (get_robust_list)
  60  jlt #268,94              ; nr >= 268 (fchmodat)
  61  jge #273,93,94           ; nr >= 273 (set_robust_list)
  62  jlt #281,93              ; nr >= 281 (epoll_pwait)
  63  jge #282,92,91           ; nr >= 282 (signalfd)
  64  jge #287,2               ; nr >= 287 (timerfd_gettime)
  65  jlt #284,89              ; nr >= 284 (eventfd)
  66  jge #286,88,89           ; nr >= 286 (timerfd_settime)
  67  jlt #290,88              ; nr >= 290 (eventfd2)
  68  jge #292,87,86           ; nr >= 292 (dup3)
  69  jlt #303,47              ; nr >= 303 (name_to_handle_at)
  70  jge #334,2               ; nr >= 334 (rseq)
  71  jlt #317,84              ; nr >= 317 (seccomp)
  72  jge #320,83,82           ; nr >= 320 (kexec_file_load)
  73  jge #435,1               ; nr >= 435 (clone3)
  74  jge #335,81,80           ; nr >= 335 (uretprobe)
  75  jge #436,80              ; nr >= 436 (close_range)
  76  ret #327718              ; errno(ENOSYS)
  77  ld [24]                  ; load arg1 low word
  78  jeq #44672,76            ; ioctl: arg1 == 0xae80 (low 32 bits)
  79  jge #1074025674,14       ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  80  jge #44544,6             ; ioctl: arg1 >= 0xae00 (low 32 bits)
  81  jge #35105,2             ; ioctl: arg1 >= 0x8921 (low 32 bits)
  82  jlt #21505,73            ; ioctl: arg1 >= 0x5401 (low 32 bits)
  83  jge #21506,72,71         ; ioctl: arg1 >= 0x5402 (low 32 bits)
  84  jge #35142,1             ; ioctl: arg1 >= 0x8946 (low 32 bits)
  85  jge #35106,70,69         ; ioctl: arg1 >= 0x8922 (low 32 bits)
  86  jge #35143,69,68         ; ioctl: arg1 >= 0x8947 (low 32 bits)
  87  jge #44609,3             ; ioctl: arg1 >= 0xae41 (low 32 bits)
  88  jge #44547,1             ; ioctl: arg1 >= 0xae03 (low 32 bits)
  89  jge #44546,66,65         ; ioctl: arg1 >= 0xae02 (low 32 bits)
  90  jge #44549,65,64         ; ioctl: arg1 >= 0xae05 (low 32 bits)
  91  jge #44707,1             ; ioctl: arg1 >= 0xaea3 (low 32 bits)
  92  jge #44610,63,62         ; ioctl: arg1 >= 0xae42 (low 32 bits)
  93  jge #44708,62,61         ; ioctl: arg1 >= 0xaea4 (low 32 bits)
  94  jge #1083223682,7        ; ioctl: arg1 >= 0x4090ae82 (low 32 bits)
  95  jge #1075883590,3        ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  96  jge #1074310800,1        ; ioctl: arg1 >= 0x4008ae90 (low 32 bits)
  97  jge #1074025675,58,57    ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  98  jge #1074310801,57,56    ; ioctl: arg1 >= 0x4008ae91 (low 32 bits)
  99  jge #1077980793,1        ; ioctl: arg1 >= 0x4040ae79 (low 32 bits)
 100  jge #1075883591,55,54    ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
 101  jge #1077980794,54,53    ; ioctl: arg1 >= 0x4040ae7a (low 32 bits)
 102  jge #2156965505,3        ; ioctl: arg1 >= 0x8090ae81 (low 32 bits)
 103  jge #1094233732,1        ; ioctl: arg1 >= 0x4138ae84 (low 32 bits)
 104  jge #1083223683,51,50    ; ioctl: arg1 >= 0x4090ae83 (low 32 bits)
 105  jge #1094233733,50,49    ; ioctl: arg1 >= 0x4138ae85 (low 32 bits)
 106  jge #3221794309,1        ; ioctl: arg1 >= 0xc008ae05 (low 32 bits)
 107  jge #2156965506,48,47    ; ioctl: arg1 >= 0x8090ae82 (low 32 bits)
 108  jge #3221794310,47,46    ; ioctl: arg1 >= 0xc008ae06 (low 32 bits)
 109  ld [16]                  ; load arg0 low word
 110  jset #65536,0,45         ; clone: arg0 BitsSet 0x10000
 111  ld [16]                  ; load arg0 low word
 112  jset #2114060288,43,42   ; clone: arg0 BitsNotSet 0x7e020000
 113  ld [16]                  ; load arg0 low word
 114  jeq #38,40,41            ; prctl: arg0 Equal 0x26 (low 32 bits)
 115  ld [32]                  ; load arg2 low word
 116  jeq #4,38,39             ; madvise: arg2 Equal 0x4 (low 32 bits)
 117  ld [20]                  ; load arg0 high word
 118  jneq #0,37               ; prlimit64: arg0 Equal 0x0 (high word)
 119  ld [16]
 120  jneq #0,35               ; prlimit64: arg0 Equal 0x0
 121  ld [36]                  ; load arg2 high word
 122  jneq #0,33               ; prlimit64: arg2 Equal 0x0 (high word)
 123  ld [32]
 124  jeq #0,30,31             ; prlimit64: arg2 Equal 0x0
 125  ld [36]                  ; load arg2 high word
 126  jneq #0,29               ; bind: arg2 Equal 0xc (high word)
 127  ld [32]
 128  jeq #12,26,27            ; bind: arg2 Equal 0xc
 129  ld [60]                  ; load arg5 high word
 130  jneq #0,25               ; sendto: arg5 Equal 0xc (high word)
 131  ld [56]
 132  jeq #12,22,23            ; sendto: arg5 Equal 0xc
 133  ld [32]                  ; load arg2 low word
 134  jset #4,1,20             ; mprotect: arg2 BitsNotSet 0x4
 135  ld [32]                  ; load arg2 low word
 136  jset #2,19,18            ; mprotect: arg2 BitsNotSet 0x2
 137  ld [32]                  ; load arg2 low word
 138  jset #4,1,16             ; mmap: arg2 BitsNotSet 0x4
 139  ld [32]                  ; load arg2 low word
 140  jset #2,15,14            ; mmap: arg2 BitsNotSet 0x2
 141  ld [24]                  ; load arg1 low word
 142  jeq #4,12,13             ; fcntl: arg1 Equal 0x4 (low 32 bits)
 143  ld [16]                  ; load arg0 low word
 144  jneq #16,3               ; socket: arg0 Equal 0x10 (low 32 bits)
 145  ld [32]                  ; load arg2 low word
 146  jeq #0,8                 ; socket: arg2 Equal 0x0 (low 32 bits)
 147  ld [16]                  ; load arg0 low word
 148  jneq #2,7                ; socket: arg0 Equal 0x2 (low 32 bits)
 149  ld [24]                  ; load arg1 low word
 150  jneq #2,5                ; socket: arg1 Equal 0x2 (low 32 bits)
 151  ld [32]                  ; load arg2 low word
 152  jeq #0,2,3               ; socket: arg2 Equal 0x0 (low 32 bits)
 153  ld [16]                  ; load arg0 low word
 154  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 155  ret #2147418112          ; allow
 156  ret #2147483648          ; kill_process
