   0  ld [4]                   ; load architecture
   1  jneq #3221225534,124     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #16,63               ; hot: ioctl
   4  jge #1073741824,121      ; x32 ABI: kill
   5  jge #302,56              ; nr >= 302 (prlimit64)
   6  jge #45,15               ; nr >= 45 (recvfrom)
   7  jge #41,12               ; nr >= 41 (socket)
   8  jge #10,3                ; nr >= 10 (mprotect)
   9  jge #9,103               ; nr >= 9 (mmap)
  10  jlt #6,114               ; nr >= 6 (lstat)
  11  jge #8,113,114           ; nr >= 8 (lseek)
  12  jlt #11,96               ; nr >= 11 (munmap)
  13  jge #17,3                ; nr >= 17 (pread64)
  14  jge #15,1                ; nr >= 15 (rt_sigreturn)
  15  jge #14,110,109          ; nr >= 14 (rt_sigprocmask)
  16  jge #16,109,108          ; nr >= 16 (ioctl)
  17  jge #20,1                ; nr >= 20 (writev)
  18  jge #19,107,106          ; nr >= 19 (readv)
  19  jge #22,106,105          ; nr >= 22 (pipe)
  20  jlt #42,98               ; nr >= 42 (connect)
  21  jge #44,83,104           ; nr >= 44 (sendto)
  22  jge #72,8                ; nr >= 72 (fcntl)
  23  jge #50,3                ; nr >= 50 (listen)
  24  jge #49,76               ; nr >= 49 (bind)
  25  jlt #47,100              ; nr >= 47 (recvmsg)
  26  jge #48,99,98            ; nr >= 48 (shutdown)
  27  jge #52,1                ; nr >= 52 (getpeername)
  28  jge #51,96,97            ; nr >= 51 (getsockname)
  29  jlt #63,96               ; nr >= 63 (uname)
  30  jge #64,95,94            ; nr >= 64 (semget)
  31  jge #219,8               ; nr >= 219 (restart_syscall)
  32  jge #135,3               ; nr >= 135 (personality)
  33  jlt #73,83               ; nr >= 73 (flock)
  34  jlt #89,91               ; nr >= 89 (readlink)
  35  jge #90,90,89            ; nr >= 90 (chmod)
  36  jlt #136,86              ; nr >= 136 (ustat)
  37  jge #159,1               ; nr >= 159 (adjtimex)
  38  jge #158,86,87           ; nr >= 158 (arch_prctl)
  39  jge #218,85,86           ; nr >= 218 (set_tid_address)
  40  jge #267,10              ; nr >= 267 (readlinkat)
  41  jge #233,4               ; nr >= 233 (epoll_ctl)
  42  jge #229,1               ; nr >= 229 (clock_getres)
  43  jge #228,81,82           ; nr >= 228 (clock_gettime)
  44  jlt #231,81              ; nr >= 231 (exit_group)
  45  jge #232,80,79           ; nr >= 232 (epoll_wait)
  46  jge #258,2               ; nr >= 258 (mkdirat)
  47  jlt #234,77              ; nr >= 234 (tgkill)
  48  jge #257,76,77           ; nr >= 257 (openat)
  49  jlt #262,76              ; nr >= 262 (newfstatat)
  50  jge #263,75,74           ; nr >= 263 (unlinkat)
  51  jge #283,5               ; nr >= 283 (timerfd_create)
  52  jge #274,2               ; nr >= 274 (get_robust_list)
  53  jlt #268,71              ; nr >= 268 (fchmodat)
  54  jge #273,70,71           ; nr >= 273 (set_robust_list)
  55  jlt #281,70              ; nr >= 281 (epoll_pwait)
  56  jge #282,69,68           ; nr >= 282 (signalfd)
  57  jge #287,2               ; nr >= 287 (timerfd_gettime)
  58  jlt #284,66              ; nr >= 284 (eventfd)
  59  jge #286,65,66           ; nr >= 286 (timerfd_settime)
  60  jlt #291,65              ; nr >= 291 (epoll_create1)
  61  jge #292,64,63           ; nr >= 292 (dup3)
  62  jlt #303,30              ; nr >= 303 (name_to_handle_at)
  63  jge #319,1               ; nr >= 319 (memfd_create)
  64  jge #318,60,61           ; nr >= 318 (getrandom)
  65  jlt #334,60              ; nr >= 334 (rseq)
  66  jge #335,59,58           ; nr >= 335 (uretprobe)
  67  ld [24]                  ; load arg1 low word
  68  jeq #44672,56            ; ioctl: arg1 == 0xae80 (low 32 bits)
  69  jge #1074025675,11       ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  70  jge #44549,5             ; ioctl: arg1 >= 0xae05 (low 32 bits)
  71  jge #44544,2             ; ioctl: arg1 >= 0xae00 (low 32 bits)
  72  jlt #21505,53            ; ioctl: arg1 >= 0x5401 (low 32 bits)
  73  jge #21506,52,51         ; ioctl: arg1 >= 0x5402 (low 32 bits)
  74  jlt #44546,50            ; ioctl: arg1 >= 0xae02 (low 32 bits)
  75  jge #44547,49,50         ; ioctl: arg1 >= 0xae03 (low 32 bits)
  76  jge #44707,2             ; ioctl: arg1 >= 0xaea3 (low 32 bits)
  77  jlt #44609,48            ; ioctl: arg1 >= 0xae41 (low 32 bits)
  78  jge #44610,47,46         ; ioctl: arg1 >= 0xae42 (low 32 bits)
  79  jlt #44708,45            ; ioctl: arg1 >= 0xaea4 (low 32 bits)
  80  jge #1074025674,44,45    ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  81  jge #1083223683,5        ; ioctl: arg1 >= 0x4090ae83 (low 32 bits)
  82  jge #1075883590,2        ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  83  jlt #1074310800,42       ; ioctl: arg1 >= 0x4008ae90 (low 32 bits)
  84  jge #1074310801,41,40    ; ioctl: arg1 >= 0x4008ae91 (low 32 bits)
  85  jlt #1075883591,39       ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
  86  jge #1083223682,38,39    ; ioctl: arg1 >= 0x4090ae82 (low 32 bits)
  87  jge #2156965505,2        ; ioctl: arg1 >= 0x8090ae81 (low 32 bits)
  88  jlt #1094233732,37       ; ioctl: arg1 >= 0x4138ae84 (low 32 bits)
  89  jge #1094233733,36,35    ; ioctl: arg1 >= 0x4138ae85 (low 32 bits)
  90  jge #3221794309,1        ; ioctl: arg1 >= 0xc008ae05 (low 32 bits)
  91  jge #2156965506,34,33    ; ioctl: arg1 >= 0x8090ae82 (low 32 bits)
  92  jge #3221794310,33,32    ; ioctl: arg1 >= 0xc008ae06 (low 32 bits)
  93  ld [20]                  ; load arg0 high word
  94  jneq #0,31               ; prlimit64: arg0 Equal 0x0 (high word)
  95  ld [16]
  96  jneq #0,29               ; prlimit64: arg0 Equal 0x0
  97  ld [36]                  ; load arg2 high word
  98  jneq #0,27               ; prlimit64: arg2 Equal 0x0 (high word)
  99  ld [32]
 100  jeq #0,24,25             ; prlimit64: arg2 Equal 0x0
 101  ld [36]                  ; load arg2 high word
 102  jneq #0,23               ; bind: arg2 Equal 0xc (high word)
 103  ld [32]
 104  jeq #12,20,21            ; bind: arg2 Equal 0xc
 105  ld [60]                  ; load arg5 high word
 106  jneq #0,19               ; sendto: arg5 Equal 0xc (high word)
 107  ld [56]
 108  jeq #12,16,17            ; sendto: arg5 Equal 0xc
 109  ld [32]                  ; load arg2 low word
 110  jset #4,1,14             ; mprotect: arg2 BitsNotSet 0x4
 111  ld [32]                  ; load arg2 low word
 112  jset #2,13,12            ; mprotect: arg2 BitsNotSet 0x2
 113  ld [32]                  ; load arg2 low word
 114  jset #4,1,10             ; mmap: arg2 BitsNotSet 0x4
 115  ld [32]                  ; load arg2 low word
 116  jset #2,9,8              ; mmap: arg2 BitsNotSet 0x2
 117  ld [24]                  ; load arg1 low word
 118  jeq #4,6,7               ; fcntl: arg1 Equal 0x4 (low 32 bits)
 119  ld [16]                  ; load arg0 low word
 120  jneq #16,5               ; socket: arg0 Equal 0x10 (low 32 bits)
 121  ld [32]                  ; load arg2 low word
 122  jeq #0,2,3               ; socket: arg2 Equal 0x0 (low 32 bits)
 123  ld [16]                  ; load arg0 low word
 124  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 125  ret #2147418112          ; allow
 126  ret #2147483648          ; kill_process
